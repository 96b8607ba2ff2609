import CKernels

/// Dot products of one quantized weight row with a float vector, working on the blocks directly (portable SIMD; their
/// AVX2 twins are in CKernels), each with a naive twin (`reference`) that dequantizes first; tests hold them together.
public enum QuantizedDot {
    /// Per-block sums of `x` (32 elements each), which the Q4_1 kernel needs for its `m` term.
    public static func blockSums(_ x: UnsafePointer<Float>, count: Int, into sums: UnsafeMutablePointer<Float>) {
        for b in 0..<(count / 32) {
            let p = UnsafeRawPointer(x + 32 * b)
            let v = p.loadUnaligned(as: SIMD16<Float>.self) + p.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
            sums[b] = v.sum()
        }
    }

    /// The IEEE half at `offset` bytes into `block` as a float (a call into the Swift runtime on x86-64's baseline,
    /// one instruction on arm64).
    @inline(__always)
    static func half(_ block: UnsafeRawPointer, _ offset: Int) -> Float {
        Float(Float16(bitPattern: UInt16(littleEndian: block.loadUnaligned(fromByteOffset: offset, as: UInt16.self))))
    }

    /// Reorders `x` block by block for the kernels: in each 32-element block, element 16·g + 4·l + k moves to
    /// 8·k + 4·g + l, so lane 4·g + l of step k lines up with byte 4·l + k of word half g.
    public static func permute(_ x: UnsafePointer<Float>, count: Int, into out: UnsafeMutablePointer<Float>) {
        for block in 0..<(count / 32) {
            let source = x + 32 * block, target = out + 32 * block
            for k in 0..<4 {
                for g in 0..<2 {
                    for l in 0..<4 { target[8 * k + 4 * g + l] = source[16 * g + 4 * l + k] }
                }
            }
        }
    }

    /// Eight small non-negative integers in 32-bit lanes as floats (one conversion instruction where the target has it).
    @inline(__always)
    static func floats(_ lanes: SIMD8<UInt32>) -> SIMD8<Float> {
        SIMD8<Float>(unsafeBitCast(lanes, to: SIMD8<Int32>.self))
    }

    /// The same by bit arithmetic alone, for the larger kernels where the conversion above is not always inlined
    /// (a call per step): OR-ing in the exponent of 2²³ gives 2²³ + v exactly for v < 2²³, and subtracting 2²³
    /// leaves v. Measured on Gemma 3's Q5_0 and K-quant rows: decode 41 → 55 tokens/s; on the small Q4_1 and Q8_0
    /// kernels the conversion instruction stays faster.
    @inline(__always)
    static func bitFloats(_ lanes: SIMD8<UInt32>) -> SIMD8<Float> {
        unsafeBitCast(lanes | 0x4B00_0000, to: SIMD8<Float>.self) - 8_388_608
    }

    /// Σ row·x for a Q4_1 row of `count` elements; `xp` is x after `permute`, `sums` its 32-element block sums.
    @inline(__always)
    public static func q4_1(_ row: UnsafeRawPointer, _ xp: UnsafePointer<Float>, _ sums: UnsafePointer<Float>, count: Int) -> Float {
        var acc = SIMD8<Float>()
        var offset: Float = 0
        let xr = UnsafeRawPointer(xp)
        for b in 0..<(count / 32) {
            let block = row + 20 * b
            let d = half(block, 0), m = half(block, 2)
            let q = block.loadUnaligned(fromByteOffset: 4, as: SIMD4<UInt32>.self)
            let nibbles = SIMD8(lowHalf: q & 0x0F0F_0F0F, highHalf: (q &>> 4) & 0x0F0F_0F0F)
            let x = xr + 128 * b
            var part = floats(nibbles & 0xFF) * x.loadUnaligned(as: SIMD8<Float>.self)
            part.accumulate(floats((nibbles &>> 8) & 0xFF), x.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self))
            part.accumulate(floats((nibbles &>> 16) & 0xFF), x.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self))
            part.accumulate(floats(nibbles &>> 24), x.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self))
            acc.accumulate(SIMD8(repeating: d), part)
            offset += m * sums[b]
        }
        return acc.sum() + offset
    }

    /// Σ row·x for a Q8_0 row of `count` elements; `xp` is x after `permute`.
    @inline(__always)
    public static func q8_0(_ row: UnsafeRawPointer, _ xp: UnsafePointer<Float>, count: Int) -> Float {
        var acc = SIMD8<Float>()
        let xr = UnsafeRawPointer(xp)
        for b in 0..<(count / 32) {
            let block = row + 34 * b
            let d = half(block, 0)
            // Flipping each sign bit turns int8 q into the unsigned q + 128; the 128 comes off after conversion.
            let q = SIMD8(lowHalf: block.loadUnaligned(fromByteOffset: 2, as: SIMD4<UInt32>.self),
                          highHalf: block.loadUnaligned(fromByteOffset: 18, as: SIMD4<UInt32>.self)) ^ 0x8080_8080
            let x = xr + 128 * b
            var part = (floats(q & 0xFF) - 128) * x.loadUnaligned(as: SIMD8<Float>.self)
            part.accumulate(floats((q &>> 8) & 0xFF) - 128, x.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self))
            part.accumulate(floats((q &>> 16) & 0xFF) - 128, x.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self))
            part.accumulate(floats(q &>> 24) - 128, x.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self))
            acc.accumulate(SIMD8(repeating: d), part)
        }
        return acc.sum()
    }

    /// y[r] = Q4_1 row r · x for rows in `range` (a small out-of-line loop, so the kernel and its conversions inline
    /// and vectorize fully).
    @inline(never)
    public static func q4_1Rows(_ base: UnsafeRawPointer, stride: Int, _ range: Range<Int>, _ xp: UnsafePointer<Float>,
                                _ sums: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>) {
        for r in range { y[r] = q4_1(base + r * stride, xp, sums, count: count) }
    }

    /// y[r] = Q8_0 row r · x for rows in `range` (out of line, as `q4_1Rows`).
    @inline(never)
    public static func q8_0Rows(_ base: UnsafeRawPointer, stride: Int, _ range: Range<Int>, _ xp: UnsafePointer<Float>,
                                count: Int, into y: UnsafeMutablePointer<Float>) {
        for r in range { y[r] = q8_0(base + r * stride, xp, count: count) }
    }

    /// Σ a·b over `count` floats (any count), on the kernels `path` picks.
    @inline(__always)
    public static func f32(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, path: KernelPath = .best) -> Float {
        #if arch(x86_64)
        if path == .avx2 { return saescope_dot_f32(a, b, count) }
        #endif
        var acc = SIMD16<Float>()
        let ar = UnsafeRawPointer(a), br = UnsafeRawPointer(b)
        var i = 0
        while i + 16 <= count {
            acc += ar.loadUnaligned(fromByteOffset: 4 * i, as: SIMD16<Float>.self) * br.loadUnaligned(fromByteOffset: 4 * i, as: SIMD16<Float>.self)
            i += 16
        }
        var sum = acc.sum()
        while i < count {
            sum += a[i] * b[i]
            i += 1
        }
        return sum
    }

    /// The naive twin of every kernel: dequantize the row, then a plain float64 loop.
    package static func reference(_ type: GGMLType, _ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, count: Int) -> Float {
        var values = [Float](repeating: 0, count: count)
        values.withUnsafeMutableBufferPointer { type.dequantize(row, count: count, into: $0.baseAddress!) }
        var sum = 0.0
        for i in 0..<count { sum += Double(values[i]) * Double(x[i]) }
        return Float(sum)
    }
}
