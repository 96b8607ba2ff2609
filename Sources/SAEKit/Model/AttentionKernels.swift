import CKernels
import Foundation

/// The steps of attention over a key/value cache, on the kernels a `KernelPath` picks: the AVX2 ones in CKernels, or the
/// portable ones here, which tests hold both to float64.
package enum AttentionKernels {
    /// scores[h·scoresStride + i] = scale · (query head h · key i) for h < heads, i < count: the queries `dim` floats
    /// apart from `q`, the keys `stride` values apart from `keys`, kept as `precision` says. The AVX2 kernel reads each
    /// key once for all the heads.
    package static func scores(_ q: UnsafePointer<Float>, heads: Int, keys: UnsafeRawPointer, precision: KVCache.Precision = .float,
                               stride: Int, count: Int, dim: Int, scale: Float, into scores: UnsafeMutablePointer<Float>,
                               scoresStride: Int, path: KernelPath = .best) {
        #if arch(x86_64)
        if path == .avx2 {
            return saescope_attention_scores(q, heads, keys, precision == .half ? 1 : 0, stride, count, dim, scale, scores, scoresStride)
        }
        #endif
        /// Every head's score of key `i`, at `key`.
        func score(_ i: Int, _ key: UnsafePointer<Float>) {
            for h in 0..<heads { scores[h * scoresStride + i] = scale * QuantizedDot.f32(q + h * dim, key, count: dim, path: path) }
        }
        // Float keys are read in place; halves are widened into one row first.
        var widened = [Float](repeating: 0, count: precision == .half ? dim : 0)
        for i in 0..<count {
            guard precision == .half else {
                score(i, keys.assumingMemoryBound(to: Float.self) + i * stride)
                continue
            }
            for e in 0..<dim { widened[e] = value(keys, precision, i * stride + e) }
            widened.withUnsafeBufferPointer { score(i, $0.baseAddress!) }
        }
    }

    /// out[h·outStride + c] = Σ_i weights[h·weightsStride + i] · rows[i·stride + c] (added to what `out` holds when
    /// `accumulate`) for each of `heads` heads: the weighted sums of value rows that the heads share, kept as
    /// `precision` says; the AVX2 kernel reads each row once for all of them.
    package static func sums(_ rows: UnsafeRawPointer, precision: KVCache.Precision = .float, stride: Int, weights: UnsafePointer<Float>,
                             weightsStride: Int, heads: Int, count: Int, width: Int, into out: UnsafeMutablePointer<Float>, outStride: Int,
                             accumulate: Bool = false, path: KernelPath = .best) {
        #if arch(x86_64)
        if path == .avx2 {
            return saescope_attention_sums(rows, precision == .half ? 1 : 0, stride, weights, weightsStride, heads, count, width, out,
                                           outStride, accumulate ? 1 : 0)
        }
        #endif
        if precision == .float && !accumulate {
            for h in 0..<heads {
                RowKernels.weightedSum(rows.assumingMemoryBound(to: Float.self), stride: stride, weights: weights + h * weightsStride,
                                       count: count, width: width, into: out + h * outStride, path: path)
            }
            return
        }
        for h in 0..<heads {
            for column in 0..<width {
                var sum: Float = 0
                for i in 0..<count { sum += weights[h * weightsStride + i] * value(rows, precision, i * stride + column) }
                out[h * outStride + column] = accumulate ? out[h * outStride + column] + sum : sum
            }
        }
    }

    /// The value at `index` of cached rows kept as `precision` says.
    @inline(__always)
    private static func value(_ rows: UnsafeRawPointer, _ precision: KVCache.Precision, _ index: Int) -> Float {
        precision == .half ? FloatConversion.half(rows.load(fromByteOffset: 2 * index, as: UInt16.self))
                           : rows.load(fromByteOffset: 4 * index, as: Float.self)
    }

    /// x[0..<count] ← softmax(x[0..<count]) (count ≥ 1): the AVX2 kernel exponentiates as `ActivationKernels.exp`
    /// does, this one with the C library's `exp`.
    package static func softmax(_ x: UnsafeMutablePointer<Float>, count: Int, path: KernelPath = .best) {
        #if arch(x86_64)
        if path == .avx2 { return saescope_softmax(x, count) }
        #endif
        var maximum = -Float.infinity
        for i in 0..<count { maximum = max(maximum, x[i]) }
        var sum: Float = 0
        for i in 0..<count {
            x[i] = exp(x[i] - maximum)
            sum += x[i]
        }
        let inverse = 1 / sum
        for i in 0..<count { x[i] *= inverse }
    }
}
