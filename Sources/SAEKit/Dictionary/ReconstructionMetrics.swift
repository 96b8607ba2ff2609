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
        var mean = [Double](repeating: 0, count: x.cols)
        for r in 0..<x.rows { for c in 0..<x.cols { mean[c] += Double(x[r, c]) } }
        for c in 0..<x.cols { mean[c] /= Double(max(x.rows, 1)) }
        var residual = 0.0, total = 0.0
        for r in 0..<x.rows {
            for c in 0..<x.cols {
                let e = Double(x[r, c] - xHat[r, c]), d = Double(x[r, c]) - mean[c]
                residual += e * e
                total += d * d
            }
        }
        mse = residual / Double(max(x.count, 1))
        fractionOfVarianceExplained = total > 0 ? 1 - residual / total : 0
        l0 = codes.meanL0
    }
}
