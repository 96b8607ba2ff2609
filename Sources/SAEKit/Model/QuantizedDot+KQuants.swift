extension QuantizedDot {
    /// Σ q·x over 32 elements whose 4-bit values are the low (`upper` false) or high nibbles of the 32 bytes at `qs`
    /// (byte l holds element l); `x` is the sub-block of permuted x, where step k's lane i is element 4·i + k.
    @inline(__always)
    static func nibbleDot(_ qs: UnsafeRawPointer, upper: Bool, _ x: UnsafeRawPointer) -> Float {
        var words = qs.loadUnaligned(as: SIMD8<UInt32>.self)
        if upper { words = words &>> 4 }
        words &= 0x0F0F_0F0F
        var part = SIMD8<Float>()
        for k in 0..<4 {
            part.addProduct(floats((words &>> UInt32(8 * k)) & 0xFF), x.loadUnaligned(fromByteOffset: 32 * k, as: SIMD8<Float>.self))
        }
        return part.sum()
    }

    /// y[r] = Q4_K row r · x for rows in `range`: per 32-element sub-block j, d·sc_j·Σq·x − dmin·mn_j·Σx.
    @inline(never)
    public static func q4_KRows(_ base: UnsafeRawPointer, stride: Int, _ range: Range<Int>, _ xp: UnsafePointer<Float>,
                                _ sums: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>) {
        let xr = UnsafeRawPointer(xp)
        for r in range {
            let row = base + r * stride
            var total: Float = 0
            for b in 0..<(count / 256) {
                let block = row + 144 * b
                let d = half(block, 0), dmin = half(block, 2)
                let scales = block.advanced(by: 4).assumingMemoryBound(to: UInt8.self)
                for chunk in 0..<4 {
                    let qs = block + 16 + 32 * chunk
                    for side in 0..<2 {
                        let j = 2 * chunk + side, sub = 8 * b + j
                        let (sc, mn) = GGMLType.kScaleAndMin(scales, j)
                        total += d * sc * nibbleDot(qs, upper: side == 1, xr + 128 * sub) - dmin * mn * sums[sub]
                    }
                }
            }
            y[r] = total
        }
    }

    /// y[r] = Q6_K row r · x for rows in `range`: 16 sub-blocks of 16 with signed scales, y = d·S·(q − 32), where q is
    /// a nibble of `ql` and two bits of `qh`.
    @inline(never)
    public static func q6_KRows(_ base: UnsafeRawPointer, stride: Int, _ range: Range<Int>, _ xp: UnsafePointer<Float>,
                                count: Int, into y: UnsafeMutablePointer<Float>) {
        let xr = UnsafeRawPointer(xp)
        for r in range {
            let row = base + r * stride
            var total = SIMD8<Float>()
            for b in 0..<(count / 256) {
                let block = row + 210 * b
                let d = half(block, 208)
                let scales = block.advanced(by: 192).assumingMemoryBound(to: Int8.self)
                for h in 0..<2 {
                    let low = block + 64 * h, high = block + 128 + 32 * h
                    let lowWords = (low.loadUnaligned(as: SIMD8<UInt32>.self), low.loadUnaligned(fromByteOffset: 32, as: SIMD8<UInt32>.self))
                    let highWords = high.loadUnaligned(as: SIMD8<UInt32>.self)
                    // Group m of the half: elements 128h + 32m + l; nibble from byte l of ql[64h + 32(m % 2)], low for
                    // m < 2, high otherwise; bits 2m, 2m + 1 of qh[32h + l].
                    for m in 0..<4 {
                        let words = (m % 2 == 0 ? lowWords.0 : lowWords.1) &>> UInt32(m < 2 ? 0 : 4)
                        let bits = highWords &>> UInt32(2 * m)
                        let s = 8 * h + 2 * m
                        let scale = d * SIMD8(lowHalf: SIMD4(repeating: Float(scales[s])), highHalf: SIMD4(repeating: Float(scales[s + 1])))
                        let x = xr + 4 * (256 * b + 128 * h + 32 * m)
                        var part = SIMD8<Float>()
                        for k in 0..<4 {
                            let shift = UInt32(8 * k)
                            let q = ((words &>> shift) & 0xF) | (((bits &>> shift) & 3) &<< 4)
                            part.addProduct(floats(q) - 32, x.loadUnaligned(fromByteOffset: 32 * k, as: SIMD8<Float>.self))
                        }
                        total.addProduct(scale, part)
                    }
                }
            }
            y[r] = total.sum()
        }
    }
}
