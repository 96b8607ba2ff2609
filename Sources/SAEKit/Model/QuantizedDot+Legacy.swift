extension QuantizedDot {
    /// The fifth bits of a Q5 block for step `k` of the permuted layout: lane 4·g + l holds bit 16·g + 4·l + k of
    /// `high`, moved to bit 4.
    @inline(__always)
    static func fifthBits(_ high: UInt32, step k: UInt32) -> SIMD8<UInt32> {
        let shifts = SIMD8<UInt32>(0, 4, 8, 12, 16, 20, 24, 28) &+ k
        return ((SIMD8(repeating: high) &>> shifts) & 1) &<< 4
    }

    /// Σ q·x over one 32-element block of nibbles (16 bytes at `qs`) and, when `high` is given, their fifth bits;
    /// `x` is the block of permuted x.
    @inline(__always)
    static func blockDot(_ qs: UnsafeRawPointer, fifthBits high: UInt32?, _ x: UnsafeRawPointer) -> Float {
        let q = qs.loadUnaligned(as: SIMD4<UInt32>.self)
        let nibbles = SIMD8(lowHalf: q & 0x0F0F_0F0F, highHalf: (q &>> 4) & 0x0F0F_0F0F)
        var part = SIMD8<Float>()
        for k in 0..<4 {
            var lanes = (nibbles &>> UInt32(8 * k)) & 0xFF
            if let high { lanes |= fifthBits(high, step: UInt32(k)) }
            part.addProduct(floats(lanes), x.loadUnaligned(fromByteOffset: 32 * k, as: SIMD8<Float>.self))
        }
        return part.sum()
    }

    /// y[r] = Q4_0 row r · x for rows in `range` (y = d·(q − 8), so the offset is −8·d·Σx per block).
    @inline(never)
    public static func q4_0Rows(_ base: UnsafeRawPointer, stride: Int, _ range: Range<Int>, _ xp: UnsafePointer<Float>,
                                _ sums: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>) {
        let xr = UnsafeRawPointer(xp)
        for r in range {
            let row = base + r * stride
            var total: Float = 0
            for b in 0..<(count / 32) {
                let block = row + 18 * b
                let d = half(block, 0)
                total += d * (blockDot(block + 2, fifthBits: nil, xr + 128 * b) - 8 * sums[b])
            }
            y[r] = total
        }
    }

    /// y[r] = Q5_0 row r · x for rows in `range` (d, 32 fifth bits, 16 bytes; y = d·(q − 16)).
    @inline(never)
    public static func q5_0Rows(_ base: UnsafeRawPointer, stride: Int, _ range: Range<Int>, _ xp: UnsafePointer<Float>,
                                _ sums: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>) {
        let xr = UnsafeRawPointer(xp)
        for r in range {
            let row = base + r * stride
            var total: Float = 0
            for b in 0..<(count / 32) {
                let block = row + 22 * b
                let d = half(block, 0)
                let high = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
                total += d * (blockDot(block + 6, fifthBits: high, xr + 128 * b) - 16 * sums[b])
            }
            y[r] = total
        }
    }

    /// y[r] = Q5_1 row r · x for rows in `range` (d, m, 32 fifth bits, 16 bytes; y = d·q + m).
    @inline(never)
    public static func q5_1Rows(_ base: UnsafeRawPointer, stride: Int, _ range: Range<Int>, _ xp: UnsafePointer<Float>,
                                _ sums: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>) {
        let xr = UnsafeRawPointer(xp)
        for r in range {
            let row = base + r * stride
            var total: Float = 0
            for b in 0..<(count / 32) {
                let block = row + 24 * b
                let d = half(block, 0), m = half(block, 2)
                let high = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
                total += d * blockDot(block + 8, fifthBits: high, xr + 128 * b) + m * sums[b]
            }
            y[r] = total
        }
    }
}
