/// The ggml tensor encodings saescope reads, with their block sizes and the dequantization formulas of ggml.
public enum GGMLType: UInt32, CustomStringConvertible, Sendable {
    case f32 = 0, f16 = 1, q4_0 = 2, q4_1 = 3, q5_0 = 6, q5_1 = 7, q8_0 = 8, q4_K = 12, q5_K = 13, q6_K = 14, bf16 = 30

    public var description: String {
        switch self {
        case .f32: return "F32"
        case .f16: return "F16"
        case .q4_0: return "Q4_0"
        case .q4_1: return "Q4_1"
        case .q5_0: return "Q5_0"
        case .q5_1: return "Q5_1"
        case .q8_0: return "Q8_0"
        case .q4_K: return "Q4_K"
        case .q5_K: return "Q5_K"
        case .q6_K: return "Q6_K"
        case .bf16: return "BF16"
        }
    }

    /// Elements per block.
    public var blockLength: Int {
        switch self {
        case .f32, .f16, .bf16: return 1
        case .q4_0, .q4_1, .q5_0, .q5_1, .q8_0: return 32
        case .q4_K, .q5_K, .q6_K: return 256
        }
    }

    /// Bytes per block.
    public var blockBytes: Int {
        switch self {
        case .f32: return 4
        case .f16, .bf16: return 2
        case .q4_0: return 18
        case .q4_1: return 20
        case .q5_0: return 22
        case .q5_1: return 24
        case .q8_0: return 34
        case .q4_K: return 144
        case .q5_K: return 176
        case .q6_K: return 210
        }
    }

    /// Decodes `count` elements (a whole number of blocks) from `source` into `destination`.
    public func dequantize(_ source: UnsafeRawPointer, count: Int, into destination: UnsafeMutablePointer<Float>) {
        let blocks = count / blockLength
        for b in 0..<blocks {
            let block = source + b * blockBytes
            let out = destination + b * blockLength
            switch self {
            case .f32: out[0] = Float(bitPattern: UInt32(littleEndian: block.loadUnaligned(as: UInt32.self)))
            case .f16: out[0] = Self.half(block, 0)
            case .bf16: out[0] = FloatConversion.bfloat16(UInt16(littleEndian: block.loadUnaligned(as: UInt16.self)))
            case .q4_0: Self.dequantizeQ4_0(block, out)
            case .q4_1: Self.dequantizeQ4_1(block, out)
            case .q5_0: Self.dequantizeQ5(block, out, hasMin: false)
            case .q5_1: Self.dequantizeQ5(block, out, hasMin: true)
            case .q8_0: Self.dequantizeQ8_0(block, out)
            case .q4_K: Self.dequantizeQ4_K(block, out)
            case .q5_K: Self.dequantizeQ5_K(block, out)
            case .q6_K: Self.dequantizeQ6_K(block, out)
            }
        }
    }

    @inline(__always)
    static func half(_ pointer: UnsafeRawPointer, _ offset: Int) -> Float {
        FloatConversion.half(UInt16(littleEndian: pointer.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
    }

    /// Q4_0: d, then 16 bytes; low nibbles are elements 0–15, high nibbles 16–31, each minus 8.
    static func dequantizeQ4_0(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        let d = half(block, 0)
        let qs = block.advanced(by: 2).assumingMemoryBound(to: UInt8.self)
        for j in 0..<16 {
            out[j] = d * Float(Int(qs[j] & 0xF) - 8)
            out[j + 16] = d * Float(Int(qs[j] >> 4) - 8)
        }
    }

    /// Q4_1: d and m, then 16 bytes; y = d·q + m.
    static func dequantizeQ4_1(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        let d = half(block, 0), m = half(block, 2)
        let qs = block.advanced(by: 4).assumingMemoryBound(to: UInt8.self)
        for j in 0..<16 {
            out[j] = d * Float(qs[j] & 0xF) + m
            out[j + 16] = d * Float(qs[j] >> 4) + m
        }
    }

    /// Q5_0 (d, then the 32 fifth bits, then 16 bytes of nibbles; y = d·(q − 16)) and Q5_1 (d and m first; y = d·q + m).
    /// Low nibbles are elements 0–15, high nibbles 16–31; bit j of the 32-bit word is element j's fifth bit.
    static func dequantizeQ5(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>, hasMin: Bool) {
        let d = half(block, 0), m = hasMin ? half(block, 2) : 0
        let header = hasMin ? 4 : 2
        let high = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: header, as: UInt32.self))
        let qs = block.advanced(by: header + 4).assumingMemoryBound(to: UInt8.self)
        for j in 0..<16 {
            let low = Int(qs[j] & 0xF) | Int((high >> UInt32(j)) & 1) << 4
            let upper = Int(qs[j] >> 4) | Int((high >> UInt32(j + 16)) & 1) << 4
            if hasMin {
                out[j] = d * Float(low) + m
                out[j + 16] = d * Float(upper) + m
            } else {
                out[j] = d * Float(low - 16)
                out[j + 16] = d * Float(upper - 16)
            }
        }
    }

    /// Q8_0: d, then 32 signed bytes; y = d·q.
    static func dequantizeQ8_0(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        let d = half(block, 0)
        let qs = block.advanced(by: 2).assumingMemoryBound(to: Int8.self)
        for j in 0..<32 { out[j] = d * Float(qs[j]) }
    }

    /// Q4_K: d, dmin, 12 bytes of packed 6-bit scales and mins, 128 bytes of nibbles for 8 sub-blocks of 32.
    static func dequantizeQ4_K(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        let d = half(block, 0), dmin = half(block, 2)
        let s = block.advanced(by: 4).assumingMemoryBound(to: UInt8.self)
        let qs = block.advanced(by: 16).assumingMemoryBound(to: UInt8.self)
        for chunk in 0..<4 {
            let (sc1, mn1) = kScaleAndMin(s, 2 * chunk), (sc2, mn2) = kScaleAndMin(s, 2 * chunk + 1)
            for l in 0..<32 {
                let q = qs[32 * chunk + l]
                out[64 * chunk + l] = d * sc1 * Float(q & 0xF) - dmin * mn1
                out[64 * chunk + 32 + l] = d * sc2 * Float(q >> 4) - dmin * mn2
            }
        }
    }

    /// Q5_K: as Q4_K, with 32 more bytes of fifth bits after the scales: bit 2c of byte l belongs to element
    /// 64c + l, bit 2c + 1 to element 64c + 32 + l.
    static func dequantizeQ5_K(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        let d = half(block, 0), dmin = half(block, 2)
        let s = block.advanced(by: 4).assumingMemoryBound(to: UInt8.self)
        let qh = block.advanced(by: 16).assumingMemoryBound(to: UInt8.self)
        let qs = block.advanced(by: 48).assumingMemoryBound(to: UInt8.self)
        for chunk in 0..<4 {
            let (sc1, mn1) = kScaleAndMin(s, 2 * chunk), (sc2, mn2) = kScaleAndMin(s, 2 * chunk + 1)
            let d1 = d * sc1, m1 = dmin * mn1, d2 = d * sc2, m2 = dmin * mn2
            for l in 0..<32 {
                let q = qs[32 * chunk + l], h = qh[l] >> UInt8(2 * chunk)
                out[64 * chunk + l] = d1 * Float(Int(q & 0xF) + Int(h & 1) * 16) - m1
                out[64 * chunk + 32 + l] = d2 * Float(Int(q >> 4) + Int((h >> 1) & 1) * 16) - m2
            }
        }
    }

    /// The 6-bit scale and min of sub-block `j` of a Q4_K or Q5_K super-block, from its 12 packed bytes `s`.
    @inline(__always)
    static func kScaleAndMin(_ s: UnsafePointer<UInt8>, _ j: Int) -> (Float, Float) {
        if j < 4 { return (Float(s[j] & 63), Float(s[j + 4] & 63)) }
        return (Float((s[j + 4] & 0xF) | ((s[j - 4] >> 6) << 4)), Float((s[j + 4] >> 4) | ((s[j] >> 6) << 4)))
    }

    /// Q6_K: 128 bytes of low nibbles, 64 of high 2-bit pairs, 16 signed scales, d; 16 sub-blocks of 16.
    static func dequantizeQ6_K(_ block: UnsafeRawPointer, _ out: UnsafeMutablePointer<Float>) {
        let ql = block.assumingMemoryBound(to: UInt8.self)
        let qh = block.advanced(by: 128).assumingMemoryBound(to: UInt8.self)
        let scales = block.advanced(by: 192).assumingMemoryBound(to: Int8.self)
        let d = half(block, 208)
        for h in 0..<2 {
            let L = ql + 64 * h, H = qh + 32 * h, S = scales + 8 * h
            for l in 0..<32 {
                let i = l / 16
                let q1 = Int((L[l] & 0xF) | ((H[l] >> 0) & 3) << 4) - 32
                let q2 = Int((L[l + 32] & 0xF) | ((H[l] >> 2) & 3) << 4) - 32
                let q3 = Int((L[l] >> 4) | ((H[l] >> 4) & 3) << 4) - 32
                let q4 = Int((L[l + 32] >> 4) | ((H[l] >> 6) & 3) << 4) - 32
                out[128 * h + l] = d * Float(S[i]) * Float(q1)
                out[128 * h + l + 32] = d * Float(S[i + 2]) * Float(q2)
                out[128 * h + l + 64] = d * Float(S[i + 4]) * Float(q3)
                out[128 * h + l + 96] = d * Float(S[i + 6]) * Float(q4)
            }
        }
    }
}
