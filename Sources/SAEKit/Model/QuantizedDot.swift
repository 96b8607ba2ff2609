/// Dot products of one quantized weight row with a float vector, working on the blocks directly (SIMD),
/// each with a naive twin (`reference`) that dequantizes first; tests hold them together.
public enum QuantizedDot {
    /// IEEE half bits to float by bit arithmetic (no library call): exact for every finite, infinite and NaN value.
    @inline(__always)
    public static func half(_ bits: UInt16) -> Float {
        let magnitude = UInt32(bits & 0x7FFF) << 13
        let sign = UInt32(bits & 0x8000) << 16
        if magnitude >= 0x7C00 << 13 { return Float(bitPattern: sign | 0x7F80_0000 | magnitude) }
        return Float(bitPattern: sign | (Float(bitPattern: magnitude) * 0x1p112).bitPattern)
    }

    @inline(__always)
    static func half(_ pointer: UnsafeRawPointer, _ offset: Int) -> Float {
        half(UInt16(littleEndian: pointer.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
    }

    /// Per-block sums of `x` (32 elements each), which the Q4_1 kernel needs for its `m` term.
    public static func blockSums(_ x: UnsafePointer<Float>, count: Int, into sums: UnsafeMutablePointer<Float>) {
        for b in 0..<(count / 32) {
            let p = UnsafeRawPointer(x + 32 * b)
            let v = p.loadUnaligned(as: SIMD16<Float>.self) + p.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
            sums[b] = v.sum()
        }
    }

    /// Every IEEE half value as a float, indexed by its bits (256 KB): the kernels' scale lookups.
    public static let halfTable: UnsafePointer<Float> = {
        let table = UnsafeMutablePointer<Float>.allocate(capacity: 65536)
        for bits in 0..<65536 { table[bits] = half(UInt16(bits)) }
        return UnsafePointer(table)
    }()

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

    /// Eight small non-negative integers in 32-bit lanes as floats (a single conversion instruction).
    @inline(__always)
    static func floats(_ lanes: SIMD8<UInt32>) -> SIMD8<Float> {
        SIMD8<Float>(unsafeBitCast(lanes, to: SIMD8<Int32>.self))
    }

    /// Σ row·x for a Q4_1 row of `count` elements; `xp` is x after `permute`, `sums` its 32-element block sums,
    /// `halves` the `halfTable`.
    @inline(__always)
    public static func q4_1(_ row: UnsafeRawPointer, _ xp: UnsafePointer<Float>, _ sums: UnsafePointer<Float>, count: Int,
                            halves: UnsafePointer<Float>) -> Float {
        var acc = SIMD8<Float>()
        var offset: Float = 0
        let xr = UnsafeRawPointer(xp)
        for b in 0..<(count / 32) {
            let block = row + 20 * b
            let d = halves[Int(UInt16(littleEndian: block.loadUnaligned(as: UInt16.self)))]
            let m = halves[Int(UInt16(littleEndian: block.loadUnaligned(fromByteOffset: 2, as: UInt16.self)))]
            let q = block.loadUnaligned(fromByteOffset: 4, as: SIMD4<UInt32>.self)
            let nibbles = SIMD8(lowHalf: q & 0x0F0F_0F0F, highHalf: (q &>> 4) & 0x0F0F_0F0F)
            let x = xr + 128 * b
            var part = floats(nibbles & 0xFF) * x.loadUnaligned(as: SIMD8<Float>.self)
            part += floats((nibbles &>> 8) & 0xFF) * x.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
            part += floats((nibbles &>> 16) & 0xFF) * x.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self)
            part += floats(nibbles &>> 24) * x.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self)
            acc += d * part
            offset += m * sums[b]
        }
        return acc.sum() + offset
    }

    /// Σ row·x for a Q8_0 row of `count` elements; `xp` is x after `permute`, `halves` the `halfTable`.
    @inline(__always)
    public static func q8_0(_ row: UnsafeRawPointer, _ xp: UnsafePointer<Float>, count: Int, halves: UnsafePointer<Float>) -> Float {
        var acc = SIMD8<Float>()
        let xr = UnsafeRawPointer(xp)
        for b in 0..<(count / 32) {
            let block = row + 34 * b
            let d = halves[Int(UInt16(littleEndian: block.loadUnaligned(as: UInt16.self)))]
            // Flipping each sign bit turns int8 q into the unsigned q + 128; the 128 comes off after conversion.
            let q = SIMD8(lowHalf: block.loadUnaligned(fromByteOffset: 2, as: SIMD4<UInt32>.self),
                          highHalf: block.loadUnaligned(fromByteOffset: 18, as: SIMD4<UInt32>.self)) ^ 0x8080_8080
            let x = xr + 128 * b
            var part = (floats(q & 0xFF) - 128) * x.loadUnaligned(as: SIMD8<Float>.self)
            part += (floats((q &>> 8) & 0xFF) - 128) * x.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
            part += (floats((q &>> 16) & 0xFF) - 128) * x.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self)
            part += (floats(q &>> 24) - 128) * x.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self)
            acc += d * part
        }
        return acc.sum()
    }

    /// Σ a·b over `count` floats (any count).
    @inline(__always)
    public static func f32(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
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
    public static func reference(_ type: GGMLType, _ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, count: Int) -> Float {
        var values = [Float](repeating: 0, count: count)
        values.withUnsafeMutableBufferPointer { type.dequantize(row, count: count, into: $0.baseAddress!) }
        var sum = 0.0
        for i in 0..<count { sum += Double(values[i]) * Double(x[i]) }
        return Float(sum)
    }
}
