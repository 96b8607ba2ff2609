extension QuantizedDot {
    /// The lanes of Σ q·x over 32 elements whose 4-bit values are `words` (nibbles already masked into the low four
    /// bits of each byte; byte l holds element l); `x` is the sub-block of permuted x, where step k's lane i is
    /// element 4·i + k. Left unsummed, so that callers accumulate whole vectors.
    @inline(__always)
    static func nibbleLanes(_ words: SIMD8<UInt32>, _ x: UnsafeRawPointer) -> SIMD8<Float> {
        stepLanes((words & 0xFF, (words &>> 8) & 0xFF, (words &>> 16) & 0xFF, words &>> 24), x)
    }

    /// y[r] = Q4_K row r · x for rows in `range`: per 32-element sub-block j, d·sc_j·Σq·x − dmin·mn_j·Σx.
    @inline(never)
    public static func q4_KRows(_ base: UnsafeRawPointer, stride: Int, _ range: Range<Int>, _ xp: UnsafePointer<Float>,
                                _ sums: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>) {
        let xr = UnsafeRawPointer(xp)
        for r in range {
            let row = base + r * stride
            var acc = SIMD8<Float>(), offset: Float = 0
            for b in 0..<(count / 256) {
                let block = row + 144 * b
                let d = half(block, 0), dmin = half(block, 2)
                let scales = block.advanced(by: 4).assumingMemoryBound(to: UInt8.self)
                for chunk in 0..<4 {
                    let words = block.loadUnaligned(fromByteOffset: 16 + 32 * chunk, as: SIMD8<UInt32>.self)
                    let sub = 8 * b + 2 * chunk
                    let (sc1, mn1) = GGMLType.kScaleAndMin(scales, 2 * chunk), (sc2, mn2) = GGMLType.kScaleAndMin(scales, 2 * chunk + 1)
                    acc.accumulate(SIMD8(repeating: d * sc1), nibbleLanes(words & 0x0F0F_0F0F, xr + 128 * sub))
                    acc.accumulate(SIMD8(repeating: d * sc2), nibbleLanes((words &>> 4) & 0x0F0F_0F0F, xr + 128 * (sub + 1)))
                    offset -= dmin * (mn1 * sums[sub] + mn2 * sums[sub + 1])
                }
            }
            y[r] = acc.sum() + offset
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
                            part.accumulate(bitFloats(q) - 32, x.loadUnaligned(fromByteOffset: 32 * k, as: SIMD8<Float>.self))
                        }
                        total.accumulate(scale, part)
                    }
                }
            }
            y[r] = total.sum()
        }
    }
}
