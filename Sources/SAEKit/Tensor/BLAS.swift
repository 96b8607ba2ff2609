import CBLAS

/// Matrix products through OpenBLAS, each with a plain-loop twin that tests hold it to.
public enum BLAS {
    /// C = A·B (+ C when `accumulate`), with A [m, k] and B [k, n], or B stored as [n, k] when `transposeB`.
    public static func multiply(_ a: Matrix, _ b: Matrix, transposeB: Bool = false, into c: Matrix, accumulate: Bool = false) {
        let m = a.rows, k = a.cols
        let n = transposeB ? b.rows : b.cols
        precondition((transposeB ? b.cols : b.rows) == k && c.rows == m && c.cols == n, "shape mismatch in multiply")
        guard m > 0, n > 0 else { return }
        if k == 0 {
            if !accumulate { c.buffer.update(repeating: 0) }
            return
        }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), 1, a.base, Int32(a.cols), b.base, Int32(b.cols),
                    accumulate ? 1 : 0, c.base, Int32(c.cols))
    }

    /// The plain triple loop that `multiply` must agree with (float64 accumulation).
    package static func multiplyReference(_ a: Matrix, _ b: Matrix, transposeB: Bool = false) -> Matrix {
        let n = transposeB ? b.rows : b.cols
        let c = Matrix(rows: a.rows, cols: n)
        for i in 0..<a.rows {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<a.cols { sum += Double(a[i, p]) * Double(transposeB ? b[j, p] : b[p, j]) }
                c[i, j] = Float(sum)
            }
        }
        return c
    }

    /// y = M·x for M [rows, cols] and x of length cols.
    public static func multiply(_ m: Matrix, vector x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        guard m.rows > 0 else { return }
        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(m.rows), Int32(m.cols), 1, m.base, Int32(m.cols), x, 1, 0, y, 1)
    }

    /// y = Mᵀ·x for M [rows, cols] and x of length rows (y of length cols), reading M once, row by row.
    public static func multiplyTransposed(_ m: Matrix, vector x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>) {
        guard m.cols > 0 else { return }
        guard m.rows > 0 else { y.update(repeating: 0, count: m.cols); return }
        cblas_sgemv(CblasRowMajor, CblasTrans, Int32(m.rows), Int32(m.cols), 1, m.base, Int32(m.cols), x, 1, 0, y, 1)
    }

    /// The number of threads OpenBLAS uses.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// The CPU kernels OpenBLAS chose when it loaded ("Haswell", "SkylakeX", or "Prescott", its SSE3 fallback for a
    /// CPU model it does not know).
    public static var coreName: String { openblas_get_corename().map { String(cString: $0) } ?? "unknown" }
}
