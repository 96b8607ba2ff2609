import CKernels

/// A vector rounded to 8-bit integers for generation's 8-bit kernels (`Int8Dot`): per 32-element unit u,
/// q = x / d[u] rounded to the nearest integer (ties to even) with d[u] = max |x| / 127 over the unit, and the sums the
/// formats with a min or a bias need: sx[u] = d[u]·Σq over the unit, sx16 the same over each half. A unit holding a
/// NaN or an infinity has d = NaN (its products come out NaN, as in float); one whose d would not be a normal float,
/// zeros.
public final class QuantizedActivations {
    /// The most elements this holds.
    public let capacity: Int
    /// Elements held now (a multiple of 32).
    public private(set) var count = 0
    let q: UnsafeMutablePointer<Int8>
    let scales, sums, halfSums: UnsafeMutablePointer<Float>

    /// Room for `capacity` elements.
    public init(capacity: Int) {
        self.capacity = max(32, capacity)
        q = .allocate(capacity: self.capacity)
        scales = .allocate(capacity: self.capacity / 32)
        sums = .allocate(capacity: self.capacity / 32)
        halfSums = .allocate(capacity: self.capacity / 16)
    }

    deinit {
        q.deallocate()
        scales.deallocate()
        sums.deallocate()
        halfSums.deallocate()
    }

    /// Rounds the `count` floats at `x` (a multiple of 32, at most `capacity`), on the kernels `path` picks.
    public func quantize(_ x: UnsafePointer<Float>, count: Int, path: KernelPath = .best) {
        precondition(count % 32 == 0 && count <= capacity, "8-bit activations come in 32-element units, up to the capacity")
        self.count = count
        #if arch(x86_64)
        if path == .avx2 { return saescope_quantize_x8(x, count, q, scales, sums, halfSums) }
        #endif
        for u in 0..<(count / 32) {
            var largest: Float = 0, finite = true
            for i in 0..<32 {
                largest = max(largest, abs(x[32 * u + i]))
                finite = finite && x[32 * u + i].isFinite
            }
            let d = largest / 127
            // A unit with a NaN or an infinity gives NaN, as the float product would; one too small to scale, zeros.
            guard finite, d >= .leastNormalMagnitude else {
                for i in 0..<32 { q[32 * u + i] = 0 }
                let value: Float = finite ? 0 : .nan
                (scales[u], sums[u], halfSums[2 * u], halfSums[2 * u + 1]) = (value, value, value, value)
                continue
            }
            let inverse = 1 / d
            var first: Int32 = 0, second: Int32 = 0
            for i in 0..<32 {
                let value = Int8((x[32 * u + i] * inverse).rounded(.toNearestOrEven))
                q[32 * u + i] = value
                if i < 16 { first += Int32(value) } else { second += Int32(value) }
            }
            scales[u] = d
            sums[u] = d * Float(first + second)
            halfSums[2 * u] = d * Float(first)
            halfSums[2 * u + 1] = d * Float(second)
        }
    }

    /// The integers of elements `range`.
    package func integers(_ range: Range<Int>) -> [Int8] { range.map { q[$0] } }
    /// Unit u's scale d.
    package func scale(_ u: Int) -> Float { scales[u] }
    /// Unit u's d·Σq.
    package func sum(_ u: Int) -> Float { sums[u] }
    /// Half-unit h's d·Σq (h = 2u for the first half of unit u, 2u + 1 for the second).
    package func halfSum(_ h: Int) -> Float { halfSums[h] }

    #if arch(x86_64)
    /// The view the C kernels read.
    var view: saescope_x8 { saescope_x8(q: q, d: scales, sx: sums, sx16: halfSums) }
    #endif
}
