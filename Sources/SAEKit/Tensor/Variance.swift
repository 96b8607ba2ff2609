/// Spread of a set of row vectors, in float64.
public enum Variance {
    /// Σ over rows of ‖row − mean row‖²: the denominator of "fraction of variance explained".
    public static func total(_ x: Matrix) -> Double {
        guard x.rows > 0 else { return 0 }
        var mean = [Double](repeating: 0, count: x.cols)
        for r in 0..<x.rows { for c in 0..<x.cols { mean[c] += Double(x[r, c]) } }
        for c in 0..<x.cols { mean[c] /= Double(x.rows) }
        var total = 0.0
        for r in 0..<x.rows {
            for c in 0..<x.cols {
                let d = Double(x[r, c]) - mean[c]
                total += d * d
            }
        }
        return total
    }
}
