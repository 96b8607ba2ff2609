extension QuantizedDot {
    /// The lanes of Σ q·x over one 32-element block whose values are the nibbles of the 16 bytes at `qs` (low nibbles
    /// elements 0–15, high 16–31) plus 16 where the fifth-bit word `high` has the element's bit set, with x permuted
    /// (step k's lane 4·g + l is element 16·g + 4·l + k). Left unsummed, so that callers accumulate whole vectors.
    @inline(__always)
    static func blockLanes(_ qs: UnsafeRawPointer, high: UInt32, _ x: UnsafeRawPointer) -> SIMD8<Float> {
        let q = qs.loadUnaligned(as: SIMD4<UInt32>.self)
        let nibbles = SIMD8(lowHalf: q & 0x0F0F_0F0F, highHalf: (q &>> 4) & 0x0F0F_0F0F)
        // Bit 16·g + 4·l + k of `high`, for each lane 4·g + l, at bit 4 after step k's shift by k.
        let spread = (SIMD8(repeating: high) &>> SIMD8(0, 4, 8, 12, 16, 20, 24, 28)) &<< 4
        return stepLanes(((nibbles & 0xFF) | (spread & 0x10), ((nibbles &>> 8) & 0xFF) | ((spread &>> 1) & 0x10),
                          ((nibbles &>> 16) & 0xFF) | ((spread &>> 2) & 0x10), (nibbles &>> 24) | ((spread &>> 3) & 0x10)), x)
    }

    /// The lanes of Σ q·x for the four steps of a 32-element block: `steps.k` holds the values that line up with
    /// step k's eight permuted x.
    @inline(__always)
    static func stepLanes(_ steps: (SIMD8<UInt32>, SIMD8<UInt32>, SIMD8<UInt32>, SIMD8<UInt32>), _ x: UnsafeRawPointer) -> SIMD8<Float> {
        var part = bitFloats(steps.0) * x.loadUnaligned(as: SIMD8<Float>.self)
        part.accumulate(bitFloats(steps.1), x.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self))
        part.accumulate(bitFloats(steps.2), x.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self))
        part.accumulate(bitFloats(steps.3), x.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self))
        return part
    }

    /// y[r] = row r · x for rows in `range` of a 32-element legacy format: d (f16), then m (f16) when `hasMin`, then
    /// 32 fifth bits when `hasFifthBits`, then 16 bytes of nibbles; y = d·q + m, or d·(q − `bias`) without a min.
    @inline(__always)
    static func legacyRows(blockBytes: Int, hasMin: Bool, hasFifthBits: Bool, bias: Float, _ base: UnsafeRawPointer, stride: Int,
                           _ range: Range<Int>, _ xp: UnsafePointer<Float>, _ sums: UnsafePointer<Float>, count: Int,
                           into y: UnsafeMutablePointer<Float>) {
        let xr = UnsafeRawPointer(xp)
        let bitsAt = hasMin ? 4 : 2, nibblesAt = bitsAt + (hasFifthBits ? 4 : 0)
        for r in range {
            let row = base + r * stride
            var acc = SIMD8<Float>(), offset: Float = 0
            for b in 0..<(count / 32) {
                let block = row + blockBytes * b
                let d = half(block, 0)
                let high = hasFifthBits ? UInt32(littleEndian: block.loadUnaligned(fromByteOffset: bitsAt, as: UInt32.self)) : 0
                acc.accumulate(SIMD8(repeating: d), blockLanes(block + nibblesAt, high: high, xr + 128 * b))
                offset += (hasMin ? half(block, 2) : -bias * d) * sums[b]
            }
            y[r] = acc.sum() + offset
        }
    }

    /// y[r] = Q4_0 row r · x for rows in `range` (d, 16 bytes; y = d·(q − 8)).
    @inline(never)
    public static func q4_0Rows(_ base: UnsafeRawPointer, stride: Int, _ range: Range<Int>, _ xp: UnsafePointer<Float>,
                                _ sums: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>) {
        legacyRows(blockBytes: 18, hasMin: false, hasFifthBits: false, bias: 8, base, stride: stride, range, xp, sums, count: count, into: y)
    }

    /// y[r] = Q5_0 row r · x for rows in `range` (d, 32 fifth bits, 16 bytes; y = d·(q − 16)).
    @inline(never)
    public static func q5_0Rows(_ base: UnsafeRawPointer, stride: Int, _ range: Range<Int>, _ xp: UnsafePointer<Float>,
                                _ sums: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>) {
        legacyRows(blockBytes: 22, hasMin: false, hasFifthBits: true, bias: 16, base, stride: stride, range, xp, sums, count: count, into: y)
    }

    /// y[r] = Q5_1 row r · x for rows in `range` (d, m, 32 fifth bits, 16 bytes; y = d·q + m).
    @inline(never)
    public static func q5_1Rows(_ base: UnsafeRawPointer, stride: Int, _ range: Range<Int>, _ xp: UnsafePointer<Float>,
                                _ sums: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>) {
        legacyRows(blockBytes: 24, hasMin: true, hasFifthBits: true, bias: 0, base, stride: stride, range, xp, sums, count: count, into: y)
    }
}
