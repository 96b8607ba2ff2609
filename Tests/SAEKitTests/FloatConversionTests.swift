import Testing
import SAEKit

@Suite struct FloatConversionTests {
    @Test func halfAndBFloat16() {
        #expect(FloatConversion.half(0x3C00) == 1)
        #expect(FloatConversion.half(0xC000) == -2)
        #expect(FloatConversion.bfloat16(0x3F80) == 1)
        #expect(FloatConversion.bfloat16(0xC040) == -3)
    }

    @Test func float8() {
        #expect(FloatConversion.float8E4M3(0x38) == 1)      // exponent 7, mantissa 0
        #expect(FloatConversion.float8E4M3(0x7E) == 448)    // the largest finite E4M3FN value
        #expect(FloatConversion.float8E4M3(0x7F).isNaN)
        #expect(FloatConversion.float8E4M3(0x01) == 1.0 / 512)
        #expect(FloatConversion.float8E5M2(0x3C) == 1)
        #expect(FloatConversion.float8E5M2(0xC0) == -2)
    }
}
