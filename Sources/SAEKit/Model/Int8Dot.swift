import CKernels

/// Generation's 8-bit dot products: a quantized weight row's integers times x's (`QuantizedActivations`), exact in
/// 32-bit integers, scaled in float once per 32-element unit. The AVX2 kernels are in CKernels (`*_rows_x8`); `reference`
/// is their naive twin, which tests hold them equal to bit for bit: the same integers, the same float operations in
/// the same order.
public enum Int8Dot {
    /// Whether `type` has 8-bit kernels.
    public static func supports(_ type: GGMLType) -> Bool {
        [.q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q4_K, .q5_K, .q6_K].contains(type)
    }

    #if arch(x86_64)
    /// y[r] = row r · x for rows in `range` of a `type` matrix (rows `stride` bytes apart from `base`, `count` elements
    /// long), and true; false, with nothing written, for a type without 8-bit kernels.
    static func rows(_ type: GGMLType, _ base: UnsafeRawPointer, stride: Int, _ range: Range<Int>, _ x: QuantizedActivations,
                     count: Int, into y: UnsafeMutablePointer<Float>) -> Bool {
        let (lower, upper, view) = (range.lowerBound, range.upperBound, x.view)
        switch type {
        case .q4_0: saescope_q4_0_rows_x8(base, stride, lower, upper, view, count, y)
        case .q4_1: saescope_q4_1_rows_x8(base, stride, lower, upper, view, count, y)
        case .q5_0: saescope_q5_0_rows_x8(base, stride, lower, upper, view, count, y)
        case .q5_1: saescope_q5_1_rows_x8(base, stride, lower, upper, view, count, y)
        case .q8_0: saescope_q8_0_rows_x8(base, stride, lower, upper, view, count, y)
        case .q4_K: saescope_q4_k_rows_x8(base, stride, lower, upper, view, count, y)
        case .q5_K: saescope_q5_k_rows_x8(base, stride, lower, upper, view, count, y)
        case .q6_K: saescope_q6_k_rows_x8(base, stride, lower, upper, view, count, y)
        default: return false
        }
        return true
    }
    #endif

    /// One 32-element unit of a row as the kernels see it: the integer multipliers of x's integers (a Q6_K group's
    /// scale already folded in), the float that scales their sum, and the offset terms (coefficient, x's sum).
    private struct Unit {
        var weights: [Int32]
        var scale: Float
        var offsets: [(Float, Float)]
    }

    /// The naive twin of the kernels: row · x for one `type` row of `count` elements, unit by unit.
    package static func reference(_ type: GGMLType, _ row: UnsafeRawPointer, _ x: QuantizedActivations, count: Int) -> Float {
        // Two chains, even units and odd ones, as the kernels keep them (so that neither waits on the other's additions).
        var lanes = [[Float]](repeating: [Float](repeating: 0, count: 8), count: 2), offsets: [Float] = [0, 0]
        for u in 0..<(count / 32) {
            let unit = self.unit(type, row, u, x)
            let xs = x.integers((32 * u)..<(32 * u + 32))
            let scale = unit.scale * x.scale(u)
            for lane in 0..<8 {
                var product: Int32 = 0
                for i in (4 * lane)..<(4 * lane + 4) { product += unit.weights[i] * Int32(xs[i]) }
                lanes[u % 2][lane] = lanes[u % 2][lane].addingProduct(scale, Float(product))
            }
            for (coefficient, sum) in unit.offsets { offsets[u % 2] = offsets[u % 2].addingProduct(coefficient, sum) }
        }
        // The kernels' total: the chains lane by lane, the eight lanes (halves, then pairs), then the offsets.
        let l = (0..<8).map { lanes[0][$0] + lanes[1][$0] }
        return ((l[0] + l[4]) + (l[2] + l[6])) + ((l[1] + l[5]) + (l[3] + l[7])) + (offsets[0] + offsets[1])
    }

    /// Unit `u` of a `type` row, decoded from the block layouts `GGMLType.dequantize` reads.
    private static func unit(_ type: GGMLType, _ row: UnsafeRawPointer, _ u: Int, _ x: QuantizedActivations) -> Unit {
        func byte(_ block: UnsafeRawPointer, _ at: Int) -> Int32 { Int32(block.load(fromByteOffset: at, as: UInt8.self)) }
        /// Element l's nibble of the 16 bytes at `at`: low nibbles are elements 0–15, high 16–31.
        func nibble(_ block: UnsafeRawPointer, _ at: Int, _ l: Int) -> Int32 { l < 16 ? byte(block, at + l) & 15 : byte(block, at + l - 16) >> 4 }
        func fifthBit(_ block: UnsafeRawPointer, _ at: Int, _ l: Int) -> Int32 {
            Int32((UInt32(littleEndian: block.loadUnaligned(fromByteOffset: at, as: UInt32.self)) >> UInt32(l)) & 1) << 4
        }
        switch type {
        case .q4_0, .q4_1, .q5_0, .q5_1:
            let hasMin = type == .q4_1 || type == .q5_1, hasFifthBits = type == .q5_0 || type == .q5_1
            let blockBytes = [GGMLType.q4_0: 18, .q4_1: 20, .q5_0: 22, .q5_1: 24][type]!
            let block = row + blockBytes * u, d = GGMLType.half(block, 0)
            let bitsAt = hasMin ? 4 : 2, nibblesAt = bitsAt + (hasFifthBits ? 4 : 0)
            let weights = (0..<32).map { nibble(block, nibblesAt, $0) + (hasFifthBits ? fifthBit(block, bitsAt, $0) : 0) }
            let coefficient = hasMin ? GGMLType.half(block, 2) : -(hasFifthBits ? 16 : 8) * d
            return Unit(weights: weights, scale: d, offsets: [(coefficient, x.sum(u))])
        case .q8_0:
            let block = row + 34 * u
            return Unit(weights: (0..<32).map { Int32(block.load(fromByteOffset: 2 + $0, as: Int8.self)) },
                        scale: GGMLType.half(block, 0), offsets: [])
        case .q4_K, .q5_K:
            let hasFifthBits = type == .q5_K
            let block = row + (hasFifthBits ? 176 : 144) * (u / 8), j = u % 8
            let d = GGMLType.half(block, 0), dmin = GGMLType.half(block, 2)
            let (scale, min) = GGMLType.kScaleAndMin(block.advanced(by: 4).assumingMemoryBound(to: UInt8.self), j)
            let nibblesAt = hasFifthBits ? 48 : 16
            let weights = (0..<32).map { l -> Int32 in
                let packed = byte(block, nibblesAt + 32 * (j / 2) + l)
                let value = j % 2 == 0 ? packed & 15 : packed >> 4
                return value + (hasFifthBits ? ((byte(block, 16 + l) >> Int32(j)) & 1) << 4 : 0)
            }
            return Unit(weights: weights, scale: d * scale, offsets: [(-(dmin * min), x.sum(u))])
        case .q6_K:
            let block = row + 210 * (u / 8), h = (u % 8) / 4, m = u % 4
            let d = GGMLType.half(block, 208), s = 8 * h + 2 * m
            let scales = [Int32(block.load(fromByteOffset: 192 + s, as: Int8.self)), Int32(block.load(fromByteOffset: 193 + s, as: Int8.self))]
            let weights = (0..<32).map { l -> Int32 in
                let packed = byte(block, 64 * h + 32 * (m % 2) + l)
                let value = (m < 2 ? packed & 15 : packed >> 4) | ((byte(block, 128 + 32 * h + l) >> Int32(2 * m)) & 3) << 4
                return value * scales[l < 16 ? 0 : 1]
            }
            return Unit(weights: weights, scale: d, offsets: [(d * Float(-32 * scales[0]), x.halfSum(2 * u)),
                                                              (d * Float(-32 * scales[1]), x.halfSum(2 * u + 1))])
        default:
            preconditionFailure("\(type) has no 8-bit kernels")
        }
    }
}
