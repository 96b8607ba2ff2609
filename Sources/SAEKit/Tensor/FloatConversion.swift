/// Conversions from the narrow float encodings that model files use into `Float`.
public enum FloatConversion {
    /// IEEE half precision bits to float.
    @inline(__always)
    public static func half(_ bits: UInt16) -> Float {
        Float(Float16(bitPattern: bits))
    }

    /// bfloat16 bits (the top half of a float32) to float.
    @inline(__always)
    public static func bfloat16(_ bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }

    /// OCP float8 E5M2 bits to float: the top byte of an IEEE half.
    @inline(__always)
    public static func float8E5M2(_ bits: UInt8) -> Float {
        half(UInt16(bits) << 8)
    }

    /// OCP float8 E4M3 ("fn": no infinities, NaN at S.1111.111) bits to float.
    public static func float8E4M3(_ bits: UInt8) -> Float {
        let sign: Float = bits & 0x80 != 0 ? -1 : 1
        let exponent = Int((bits >> 3) & 0xF)
        let mantissa = Float(bits & 0x7)
        if exponent == 0xF && bits & 0x7 == 0x7 { return .nan }
        if exponent == 0 { return sign * mantissa / 8 * Float(sign: .plus, exponent: -6, significand: 1) }
        return sign * (1 + mantissa / 8) * Float(sign: .plus, exponent: exponent - 7, significand: 1)
    }

    /// Float to IEEE half bits, rounding to nearest even.
    @inline(__always)
    public static func toHalf(_ value: Float) -> UInt16 {
        Float16(value).bitPattern
    }
}
