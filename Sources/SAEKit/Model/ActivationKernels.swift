import CKernels
import Foundation

/// The MLP's activation functions over float buffers: SiLU and GELU-tanh eight lanes at a time with an exponential
/// written here (glibc's scalar `tanhf` was 28% of a Gemma 3 prefill; the AVX2 twins are in CKernels), exact GELU
/// through the C library's `erf`; each with a naive twin on the C library's functions that tests hold them to.
public enum ActivationKernels {
    /// x ← activation(x) over `count` values, on the kernels `path` picks.
    public static func apply(_ activation: BlockDesign.Activation, _ x: UnsafeMutablePointer<Float>, count: Int,
                             path: KernelPath = .best) {
        let done = applyVectorized(activation, x, count: count, path: path)
        if done < count { applyReference(activation, x + done, count: count - done) }
    }

    /// Applies SiLU or GELU-tanh to the first count − count % 8 values, eight lanes at a time, and returns how many it
    /// did (none for exact GELU, which has no vector form here).
    private static func applyVectorized(_ activation: BlockDesign.Activation, _ x: UnsafeMutablePointer<Float>, count: Int,
                                        path: KernelPath) -> Int {
        guard activation != .geluErf else { return 0 }
        let whole = count - count % 8
        #if arch(x86_64)
        if path == .avx2 {
            if activation == .silu { saescope_silu(x, count) } else { saescope_gelu_tanh(x, count) }
            return whole
        }
        #endif
        let raw = UnsafeMutableRawPointer(x)
        for i in stride(from: 0, to: whole, by: 8) {
            let v = raw.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
            raw.storeBytes(of: activation == .silu ? v / (1 + exp(-v)) : geluTanh(v), toByteOffset: 4 * i, as: SIMD8<Float>.self)
        }
        return whole
    }

    /// gate ← activation(gate) ⊙ up over `count` values.
    public static func applyGated(_ activation: BlockDesign.Activation, _ gate: UnsafeMutablePointer<Float>, _ up: UnsafePointer<Float>,
                                  count: Int, path: KernelPath = .best) {
        apply(activation, gate, count: count, path: path)
        for i in 0..<count { gate[i] *= up[i] }
    }

    /// The naive twin: the C library's `exp`, `tanh` and `erf`, one value at a time.
    package static func applyReference(_ activation: BlockDesign.Activation, _ x: UnsafeMutablePointer<Float>, count: Int) {
        switch activation {
        case .silu:
            for i in 0..<count { x[i] = x[i] / (1 + Foundation.exp(-x[i])) }
        case .geluTanh:
            for i in 0..<count {
                let g = x[i]
                x[i] = 0.5 * g * (1 + Foundation.tanh(Self.geluScale * (g + 0.044715 * g * g * g)))
            }
        case .geluErf:
            let c = Float(1 / 2.0.squareRoot())
            for i in 0..<count { x[i] = 0.5 * x[i] * (1 + erf(c * x[i])) }
        }
    }

    /// √(2/π), GELU's tanh-form constant.
    static let geluScale = Float((2 / Double.pi).squareRoot())

    /// 0.5·g·(1 + tanh(u)) with u = √(2/π)(g + 0.044715 g³), computed as g / (1 + e^{−2u}), the same value
    /// without the cancellation of 1 + tanh(u) for negative g.
    @inline(__always)
    static func geluTanh(_ g: SIMD8<Float>) -> SIMD8<Float> {
        let u = geluScale * (g + 0.044715 * g * g * g)
        return g / (1 + exp(-2 * u))
    }

    /// e^x in each lane, within 2 ulp of the C library's on [−87.3, 88] (outside it the value at the nearer end; a NaN
    /// lane gives e^88, which SiLU and GELU turn back into NaN by their factor x): x = n·ln 2 + r with |r| ≤ ln 2 / 2
    /// (ln 2 split in two parts so that r is exact), e^r by its degree-7 Taylor polynomial, 2^n put into the exponent
    /// bits. n is rounded by adding and taking away 1.5·2²³ (which leaves n in the low bits of the sum), since the
    /// generic SIMD rounding and conversions go lane by lane. The clamp keeps e^x and 2^n normal floats.
    @inline(__always)
    static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let x = pointwiseMax(pointwiseMin(x, SIMD8(repeating: 88)), SIMD8(repeating: -87.3))
        let magic = SIMD8<Float>(repeating: 12_582_912)
        let shifted = x * 1.442_695_04 + magic
        let n = shifted - magic
        var r = x - n * 0.693_145_75
        r = r - n * 1.428_606_8e-6
        var p = SIMD8<Float>(repeating: 1.0 / 5040)
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        let exponent = (unsafeBitCast(shifted, to: SIMD8<UInt32>.self) &- 0x4B40_0000 &+ 127) &<< 23
        return p * unsafeBitCast(exponent, to: SIMD8<Float>.self)
    }
}
