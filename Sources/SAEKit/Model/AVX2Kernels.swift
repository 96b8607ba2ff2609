#if arch(x86_64)
import CKernels

/// The quantized row kernels of CKernels under the signature of their Swift twins in `QuantizedDot`.
enum AVX2Kernels {
    /// y[r] = row r · x for rows in `range` when `type` has an AVX2 kernel, and true; false, with nothing written,
    /// for a type that has none. The block formats read `xp`, x after `QuantizedDot.permute`, and `sums`, its
    /// 32-element block sums; the half-width floats read x itself.
    static func rows(_ type: GGMLType, _ base: UnsafeRawPointer, stride: Int, _ range: Range<Int>, x: UnsafePointer<Float>,
                     _ xp: UnsafePointer<Float>, _ sums: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>) -> Bool {
        let (lower, upper) = (range.lowerBound, range.upperBound)
        switch type {
        case .f16: saescope_f16_rows(base, stride, lower, upper, x, count, y)
        case .bf16: saescope_bf16_rows(base, stride, lower, upper, x, count, y)
        case .q4_1: saescope_q4_1_rows(base, stride, lower, upper, xp, sums, count, y)
        case .q8_0: saescope_q8_0_rows(base, stride, lower, upper, xp, count, y)
        case .q4_0: saescope_q4_0_rows(base, stride, lower, upper, xp, sums, count, y)
        case .q5_0: saescope_q5_0_rows(base, stride, lower, upper, xp, sums, count, y)
        case .q5_1: saescope_q5_1_rows(base, stride, lower, upper, xp, sums, count, y)
        case .q4_K: saescope_q4_k_rows(base, stride, lower, upper, xp, sums, count, y)
        case .q6_K: saescope_q6_k_rows(base, stride, lower, upper, xp, count, y)
        default: return false
        }
        return true
    }

    /// The `count` elements at `source` decoded into `out` when `type` has an AVX2 decoder, and true; false, with
    /// nothing written, for a type that has none.
    static func dequantize(_ type: GGMLType, _ source: UnsafeRawPointer, count: Int, into out: UnsafeMutablePointer<Float>) -> Bool {
        switch type {
        case .q4_0: saescope_dequantize_q4_0(source, count, out)
        case .q4_1: saescope_dequantize_q4_1(source, count, out)
        case .q5_0: saescope_dequantize_q5_0(source, count, out)
        case .q5_1: saescope_dequantize_q5_1(source, count, out)
        case .q8_0: saescope_dequantize_q8_0(source, count, out)
        case .q4_K: saescope_dequantize_q4_k(source, count, out)
        case .q6_K: saescope_dequantize_q6_k(source, count, out)
        case .f16: saescope_dequantize_f16(source, count, out)
        case .bf16: saescope_dequantize_bf16(source, count, out)
        default: return false
        }
        return true
    }
}
#endif
