/// The half-width float rows (F16, BF16) of model folders and F16 GGUFs in portable SIMD: the twins of CKernels'
/// `saescope_f16_rows` and `saescope_bf16_rows`, reading x as it is (not permuted).
extension QuantizedDot {
    /// y[r] = F16 row r · x for rows in `range`; rows of `count` values `stride` bytes apart from `base`.
    @inline(never)
    public static func f16Rows(_ base: UnsafeRawPointer, stride: Int, _ range: Range<Int>, _ x: UnsafePointer<Float>,
                               count: Int, into y: UnsafeMutablePointer<Float>) {
        for r in range {
            y[r] = halfRow(base + r * stride, x, count: count) { SIMD8<Float>(SIMD8<Float16>(bitPatterns: $0)) }
        }
    }

    /// y[r] = BF16 row r · x for rows in `range`.
    @inline(never)
    public static func bf16Rows(_ base: UnsafeRawPointer, stride: Int, _ range: Range<Int>, _ x: UnsafePointer<Float>,
                                count: Int, into y: UnsafeMutablePointer<Float>) {
        for r in range {
            y[r] = halfRow(base + r * stride, x, count: count) {
                unsafeBitCast(SIMD8<UInt32>(truncatingIfNeeded: $0) &<< 16, to: SIMD8<Float>.self)
            }
        }
    }

    /// Σ widen(row)·x over one row of `count` two-byte values, eight at a time, then the tail one by one.
    @inline(__always)
    private static func halfRow(_ row: UnsafeRawPointer, _ x: UnsafePointer<Float>, count: Int,
                                widen: (SIMD8<UInt16>) -> SIMD8<Float>) -> Float {
        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>()
        let xr = UnsafeRawPointer(x)
        var i = 0
        while i + 16 <= count {
            a0.accumulate(widen(row.loadUnaligned(fromByteOffset: 2 * i, as: SIMD8<UInt16>.self)),
                          xr.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self))
            a1.accumulate(widen(row.loadUnaligned(fromByteOffset: 2 * i + 16, as: SIMD8<UInt16>.self)),
                          xr.loadUnaligned(fromByteOffset: 4 * i + 32, as: SIMD8<Float>.self))
            i += 16
        }
        while i + 8 <= count {
            a0.accumulate(widen(row.loadUnaligned(fromByteOffset: 2 * i, as: SIMD8<UInt16>.self)),
                          xr.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self))
            i += 8
        }
        var sum = (a0 + a1).sum()
        while i < count {
            var tail = SIMD8<UInt16>()
            tail[0] = row.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)
            sum += widen(tail)[0] * x[i]
            i += 1
        }
        return sum
    }
}

private extension SIMD8<Float16> {
    /// The eight halves whose bits are `bits`.
    init(bitPatterns bits: SIMD8<UInt16>) {
        self = unsafeBitCast(bits, to: SIMD8<Float16>.self)
    }
}
