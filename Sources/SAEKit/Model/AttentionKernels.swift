import CKernels
import Foundation

/// The steps of attention over a key/value cache, on the kernels a `KernelPath` picks: the AVX2 ones in CKernels, or the
/// portable ones here, which tests hold both to float64.
package enum AttentionKernels {
    /// scores[h·count + i] = scale · (query head h · key i) for h < heads, i < count: the queries `dim` floats apart
    /// from `q`, the keys `stride` floats apart from `keys`. The AVX2 kernel reads each key once for all the heads.
    package static func scores(_ q: UnsafePointer<Float>, heads: Int, keys: UnsafePointer<Float>, stride: Int, count: Int, dim: Int,
                               scale: Float, into scores: UnsafeMutablePointer<Float>, path: KernelPath = .best) {
        #if arch(x86_64)
        if path == .avx2 { return saescope_attention_scores(q, heads, keys, stride, count, dim, scale, scores) }
        #endif
        for h in 0..<heads {
            for i in 0..<count {
                scores[h * count + i] = scale * QuantizedDot.f32(q + h * dim, keys + i * stride, count: dim, path: path)
            }
        }
    }

    /// out[h·outStride + c] = Σ_i weights[h·count + i] · rows[i·stride + c] for each of `heads` heads: the weighted
    /// sums of value rows that the heads share; the AVX2 kernel reads each row once for all of them.
    package static func sums(_ rows: UnsafePointer<Float>, stride: Int, weights: UnsafePointer<Float>, heads: Int, count: Int, width: Int,
                             into out: UnsafeMutablePointer<Float>, outStride: Int, path: KernelPath = .best) {
        #if arch(x86_64)
        if path == .avx2 { return saescope_attention_sums(rows, stride, weights, heads, count, width, out, outStride) }
        #endif
        for h in 0..<heads {
            RowKernels.weightedSum(rows, stride: stride, weights: weights + h * count, count: count, width: width, into: out + h * outStride,
                                   path: path)
        }
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
