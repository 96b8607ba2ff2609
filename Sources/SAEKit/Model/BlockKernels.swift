import Foundation

/// The element-wise and row-wise steps of a transformer block on float buffers.
enum BlockKernels {
    /// out = x / sqrt(mean(x²) + ε) · weight, row by row (`out` may be `x`).
    static func rmsNorm(_ x: UnsafePointer<Float>, rows: Int, width: Int, weight: UnsafePointer<Float>, epsilon: Float,
                        into out: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            let row = x + r * width
            let meanSquare = QuantizedDot.f32(row, row, count: width) / Float(width)
            let inverse = 1 / (meanSquare + epsilon).squareRoot()
            for i in 0..<width { out[r * width + i] = row[i] * inverse * weight[i] }
        }
    }

    /// out = (x − mean(x)) / sqrt(var(x) + ε) · weight + bias, row by row (`out` may be `x`).
    static func layerNorm(_ x: UnsafePointer<Float>, rows: Int, width: Int, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                          epsilon: Float, into out: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            let row = x + r * width
            var sum: Float = 0
            for i in 0..<width { sum += row[i] }
            let mean = sum / Float(width)
            var squares: Float = 0
            for i in 0..<width { squares += (row[i] - mean) * (row[i] - mean) }
            let inverse = 1 / (squares / Float(width) + epsilon).squareRoot()
            for i in 0..<width { out[r * width + i] = (row[i] - mean) * inverse * weight[i] + (bias?[i] ?? 0) }
        }
    }

    /// x[i] ← cap·tanh(x[i] / cap) for i in `range` (Gemma 2's soft-capping of scores and logits).
    static func softCap(_ x: UnsafeMutablePointer<Float>, _ range: Range<Int>, cap: Float) {
        let inverse = 1 / cap
        for i in range { x[i] = cap * tanh(x[i] * inverse) }
    }

    /// Rotates the first `2·pairs` values of each of `heads` heads of every row by the row's angles
    /// (`cosines`/`sines` [rows, pairs]), pairing values as `style` says.
    static func rotate(_ x: UnsafeMutablePointer<Float>, rows: Int, heads: Int, headDim: Int, pairs: Int,
                       style: BlockDesign.RotaryPairs, cosines: UnsafePointer<Float>, sines: UnsafePointer<Float>) {
        let (stride, partner) = style == .adjacent ? (2, 1) : (1, pairs)
        for row in 0..<rows {
            let c = cosines + row * pairs, s = sines + row * pairs
            for head in 0..<heads {
                let v = x + (row * heads + head) * headDim
                for i in 0..<pairs {
                    let at = stride * i
                    let a = v[at], z = v[at + partner]
                    v[at] = a * c[i] - z * s[i]
                    v[at + partner] = a * s[i] + z * c[i]
                }
            }
        }
    }

    /// y += x.
    static func add(_ x: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] += x[i] }
    }

    /// x ← a·x.
    static func scale(_ x: UnsafeMutablePointer<Float>, by a: Float, count: Int) {
        for i in 0..<count { x[i] *= a }
    }
}
