/// How well a dictionary reconstructs a batch: the figures users quote.
public struct ReconstructionMetrics: Sendable {
    /// Mean squared error per element.
    public let mse: Double
    /// Fraction of variance explained: 1 − Σ‖x − x̂‖² / Σ‖x − mean(x)‖².
    public let fractionOfVarianceExplained: Double
    /// Mean number of active features per row.
    public let l0: Double

    /// Measures the reconstruction `xHat` of `x`, with `codes` the activations that produced it.
    public init(x: Matrix, xHat: Matrix, codes: SparseCodes) {
        precondition(x.rows == xHat.rows && x.cols == xHat.cols)
        var residual = 0.0
        for i in 0..<x.count {
            let e = Double(x.base[i] - xHat.base[i])
            residual += e * e
        }
        let total = Variance.total(x)
        mse = residual / Double(max(x.count, 1))
        fractionOfVarianceExplained = total > 0 ? 1 - residual / total : 0
        l0 = codes.meanL0
    }
}
