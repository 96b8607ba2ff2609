extension QuantizedDot {
    /// The lanes of Σ q·x over one 32-element block whose values are the nibbles of the 16 bytes at `qs` (low nibbles
    /// elements 0–15, high 16–31) plus 16 where the fifth-bit word `high` has element's bit set, with x permuted
    /// (step k's lane 4·g + l is element 16·g + 4·l + k). Left unsummed, so that callers accumulate whole vectors.
    @inline(__always)
    static func blockLanes(_ qs: UnsafeRawPointer, high: UInt32, _ x: UnsafeRawPointer) -> SIMD8<Float> {
        let q = qs.loadUnaligned(as: SIMD4<UInt32>.self)
        let nibbles = SIMD8(lowHalf: q & 0x0F0F_0F0F, highHalf: (q &>> 4) & 0x0F0F_0F0F)
        // Bit 16·g + 4·l + k of `high`, for each lane 4·g + l, at bit 4 after step k's shift by k.
        let spread = (SIMD8(repeating: high) &>> SIMD8(0, 4, 8, 12, 16, 20, 24, 28)) &<< 4
        var part = bitFloats((nibbles & 0xFF) | (spread & 0x10)) * x.loadUnaligned(as: SIMD8<Float>.self)
        part.addProduct(bitFloats(((nibbles &>> 8) & 0xFF) | ((spread &>> 1) & 0x10)),
                        x.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self))
        part.addProduct(bitFloats(((nibbles &>> 16) & 0xFF) | ((spread &>> 2) & 0x10)),
                        x.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self))
        part.addProduct(bitFloats((nibbles &>> 24) | ((spread &>> 3) & 0x10)),
                        x.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self))
        return part
    }

    /// y[r] = Q4_0 row r · x for rows in `range` (y = d·(q − 8), so the offset is −8·d·Σx per block).
    @inline(never)
    public static func q4_0Rows(_ base: UnsafeRawPointer, stride: Int, _ range: Range<Int>, _ xp: UnsafePointer<Float>,
                                _ sums: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>) {
        let xr = UnsafeRawPointer(xp)
        for r in range {
            let row = base + r * stride
            var acc = SIMD8<Float>(), offset: Float = 0
            for b in 0..<(count / 32) {
                let block = row + 18 * b
                let d = half(block, 0)
                acc.addProduct(SIMD8(repeating: d), blockLanes(block + 2, high: 0, xr + 128 * b))
                offset -= 8 * d * sums[b]
            }
            y[r] = acc.sum() + offset
        }
    }

    /// y[r] = Q5_0 row r · x for rows in `range` (d, 32 fifth bits, 16 bytes; y = d·(q − 16)).
    @inline(never)
    public static func q5_0Rows(_ base: UnsafeRawPointer, stride: Int, _ range: Range<Int>, _ xp: UnsafePointer<Float>,
                                _ sums: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>) {
        let xr = UnsafeRawPointer(xp)
        for r in range {
            let row = base + r * stride
            var acc = SIMD8<Float>(), offset: Float = 0
            for b in 0..<(count / 32) {
                let block = row + 22 * b
                let d = half(block, 0)
                let high = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
                acc.addProduct(SIMD8(repeating: d), blockLanes(block + 6, high: high, xr + 128 * b))
                offset -= 16 * d * sums[b]
            }
            y[r] = acc.sum() + offset
        }
    }

    /// y[r] = Q5_1 row r · x for rows in `range` (d, m, 32 fifth bits, 16 bytes; y = d·q + m).
    @inline(never)
    public static func q5_1Rows(_ base: UnsafeRawPointer, stride: Int, _ range: Range<Int>, _ xp: UnsafePointer<Float>,
                                _ sums: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>) {
        let xr = UnsafeRawPointer(xp)
        for r in range {
            let row = base + r * stride
            var acc = SIMD8<Float>(), offset: Float = 0
            for b in 0..<(count / 32) {
                let block = row + 24 * b
                let d = half(block, 0), m = half(block, 2)
                let high = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
                acc.addProduct(SIMD8(repeating: d), blockLanes(block + 8, high: high, xr + 128 * b))
                offset += m * sums[b]
            }
            y[r] = acc.sum() + offset
        }
    }
}
