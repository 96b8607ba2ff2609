/// Dot products of one quantized weight row with a float vector, working on the blocks directly (SIMD),
/// each with a naive twin (`reference`) that dequantizes first; tests hold them together.
public enum QuantizedDot {
    /// Per-block sums of `x` (32 elements each), which the Q4_1 kernel needs for its `m` term.
    public static func blockSums(_ x: UnsafePointer<Float>, count: Int, into sums: UnsafeMutablePointer<Float>) {
        for b in 0..<(count / 32) {
            let p = UnsafeRawPointer(x + 32 * b)
            let v = p.loadUnaligned(as: SIMD16<Float>.self) + p.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
            sums[b] = v.sum()
        }
    }

    /// Σ row·x for a Q4_1 row of `count` elements; `sums` are the 32-element block sums of x.
    @inline(__always)
    public static func q4_1(_ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, _ sums: UnsafePointer<Float>, count: Int) -> Float {
        var acc = SIMD16<Float>()
        var offset: Float = 0
        let xr = UnsafeRawPointer(x)
        for b in 0..<(count / 32) {
            let block = row + 20 * b
            let d = GGMLType.half(block, 0), m = GGMLType.half(block, 2)
            let q = block.loadUnaligned(fromByteOffset: 4, as: SIMD16<UInt8>.self)
            let low = SIMD16<Float>(SIMD16<Int32>(truncatingIfNeeded: q & 0x0F))
            let high = SIMD16<Float>(SIMD16<Int32>(truncatingIfNeeded: q &>> 4))
            let x0 = xr.loadUnaligned(fromByteOffset: 128 * b, as: SIMD16<Float>.self)
            let x1 = xr.loadUnaligned(fromByteOffset: 128 * b + 64, as: SIMD16<Float>.self)
            acc += d * (low * x0 + high * x1)
            offset += m * sums[b]
        }
        return acc.sum() + offset
    }

    /// Σ row·x for a Q8_0 row of `count` elements.
    @inline(__always)
    public static func q8_0(_ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, count: Int) -> Float {
        var acc = SIMD16<Float>()
        let xr = UnsafeRawPointer(x)
        for b in 0..<(count / 32) {
            let block = row + 34 * b
            let d = GGMLType.half(block, 0)
            let q0 = block.loadUnaligned(fromByteOffset: 2, as: SIMD16<Int8>.self)
            let q1 = block.loadUnaligned(fromByteOffset: 18, as: SIMD16<Int8>.self)
            let f0 = SIMD16<Float>(SIMD16<Int32>(truncatingIfNeeded: q0))
            let f1 = SIMD16<Float>(SIMD16<Int32>(truncatingIfNeeded: q1))
            let x0 = xr.loadUnaligned(fromByteOffset: 128 * b, as: SIMD16<Float>.self)
            let x1 = xr.loadUnaligned(fromByteOffset: 128 * b + 64, as: SIMD16<Float>.self)
            acc += d * (f0 * x0 + f1 * x1)
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
