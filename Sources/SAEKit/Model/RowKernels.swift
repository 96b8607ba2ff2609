import CKernels

/// A score-weighted sum of rows (portable SIMD, with an AVX2 twin in CKernels), with a naive twin that tests hold both
/// to: attention's sum of value rows, and a training step's sums of the decoder, error and input rows of active
/// features.
public enum RowKernels {
    /// out[0..<width] = Σ_{i < count} weights[i] · row(i), where row(i) starts at rows + r·stride with r = i, or
    /// r = `indices`[i] when a list of rows is given.
    ///
    /// Sixty-four outputs at a time stay in registers across all the rows (eight-lane accumulators), so no output is
    /// stored and reloaded per row: the store-to-load chain of `out += w·row` row by row cost about ten cycles a row.
    public static func weightedSum(_ rows: UnsafePointer<Float>, stride: Int, indices: UnsafePointer<Int32>? = nil,
                                   weights: UnsafePointer<Float>, count: Int, width: Int, into out: UnsafeMutablePointer<Float>,
                                   path: KernelPath = .best) {
        #if arch(x86_64)
        if path == .avx2 { return saescope_weighted_sum(rows, stride, indices, weights, count, width, out) }
        #endif
        let base = UnsafeRawPointer(rows)
        @inline(__always) func start(_ i: Int) -> Int { (indices.map { Int($0[i]) } ?? i) * stride }
        var column = 0
        while column + 64 <= width {
            var a0 = SIMD16<Float>(), a1 = SIMD16<Float>(), a2 = SIMD16<Float>(), a3 = SIMD16<Float>()
            for i in 0..<count {
                let w = SIMD16<Float>(repeating: weights[i])
                let row = base + 4 * (start(i) + column)
                a0.accumulate(w, row.loadUnaligned(as: SIMD16<Float>.self))
                a1.accumulate(w, row.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self))
                a2.accumulate(w, row.loadUnaligned(fromByteOffset: 128, as: SIMD16<Float>.self))
                a3.accumulate(w, row.loadUnaligned(fromByteOffset: 192, as: SIMD16<Float>.self))
            }
            let target = UnsafeMutableRawPointer(out + column)
            target.storeBytes(of: a0, as: SIMD16<Float>.self)
            target.storeBytes(of: a1, toByteOffset: 64, as: SIMD16<Float>.self)
            target.storeBytes(of: a2, toByteOffset: 128, as: SIMD16<Float>.self)
            target.storeBytes(of: a3, toByteOffset: 192, as: SIMD16<Float>.self)
            column += 64
        }
        while column + 8 <= width {
            var a = SIMD8<Float>()
            for i in 0..<count {
                a.accumulate(SIMD8(repeating: weights[i]), (base + 4 * (start(i) + column)).loadUnaligned(as: SIMD8<Float>.self))
            }
            UnsafeMutableRawPointer(out + column).storeBytes(of: a, as: SIMD8<Float>.self)
            column += 8
        }
        while column < width {
            var a: Float = 0
            for i in 0..<count { a += weights[i] * rows[start(i) + column] }
            out[column] = a
            column += 1
        }
    }

    /// The naive twin of `weightedSum`: one output at a time, in float64.
    package static func weightedSumReference(_ rows: UnsafePointer<Float>, stride: Int, indices: UnsafePointer<Int32>? = nil,
                                            weights: UnsafePointer<Float>, count: Int, width: Int,
                                            into out: UnsafeMutablePointer<Float>) {
        for column in 0..<width {
            var sum = 0.0
            for i in 0..<count {
                let row = indices.map { Int($0[i]) } ?? i
                sum += Double(weights[i]) * Double(rows[row * stride + column])
            }
            out[column] = Float(sum)
        }
    }
}
