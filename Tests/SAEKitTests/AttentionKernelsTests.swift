import Testing
import Foundation
import SAEKit

@Suite struct AttentionKernelsTests {
    /// Scores of 1 to 6 heads (the AVX2 kernel takes them four at a time) over strided keys, on each path, against
    /// float64; head sizes with and without a tail past the last eight.
    @Test(arguments: KernelPath.runnable) func scoresMatchFloat64(path: KernelPath) {
        var blocks = RandomBlocks(seed: 21)
        for (heads, dim) in [(1, 64), (3, 64), (4, 256), (6, 20)] {
            let count = 37, stride = dim * 2 + 3
            let q = (0..<(heads * dim)).map { _ in blocks.uniform(-1, 1) }
            let keys = (0..<(count * stride)).map { _ in blocks.uniform(-1, 1) }
            var scores = [Float](repeating: .nan, count: heads * count)
            AttentionKernels.scores(q, heads: heads, keys: keys, stride: stride, count: count, dim: dim, scale: 0.125, into: &scores,
                                    scoresStride: count, path: path)
            for h in 0..<heads {
                for i in 0..<count {
                    let exact = 0.125 * (0..<dim).reduce(0.0) { $0 + Double(q[h * dim + $1]) * Double(keys[i * stride + $1]) }
                    #expect(abs(Double(scores[h * count + i]) - exact) <= 1e-5 * max(1, abs(exact)), "\(path) \(heads)×\(dim) head \(h) key \(i)")
                }
            }
        }
    }

    /// The heads' weighted sums of shared value rows, 1 to 6 heads, widths with and without a tail, against float64.
    @Test(arguments: KernelPath.runnable) func sumsMatchFloat64(path: KernelPath) {
        var blocks = RandomBlocks(seed: 34)
        for (heads, width) in [(1, 64), (2, 64), (3, 80), (4, 256), (6, 20)] {
            let count = 29, stride = width + 5
            let rows = (0..<(count * stride)).map { _ in blocks.uniform(-1, 1) }
            let weights = (0..<(heads * count)).map { _ in blocks.uniform(0, 1) }
            var out = [Float](repeating: .nan, count: heads * width)
            AttentionKernels.sums(rows, stride: stride, weights: weights, weightsStride: count, heads: heads, count: count, width: width,
                                  into: &out, outStride: width, path: path)
            for h in 0..<heads {
                for column in 0..<width {
                    let exact = (0..<count).reduce(0.0) { $0 + Double(weights[h * count + $1]) * Double(rows[$1 * stride + column]) }
                    #expect(abs(Double(out[h * width + column]) - exact) <= 1e-5 * max(1, abs(exact)), "\(path) \(heads)×\(width) head \(h) column \(column)")
                }
            }
        }
    }

    /// Rows kept as IEEE halves (a generation's cache): scores and sums against float64 on the rounded rows, in two
    /// segments of a score row (its stride longer than each segment), the second sum added to the first.
    @Test(arguments: KernelPath.runnable) func halfRowsInSegmentsMatchFloat64(path: KernelPath) {
        var blocks = RandomBlocks(seed: 55)
        for (heads, dim) in [(1, 64), (3, 64), (4, 256), (2, 20)] {
            let count = 23, stride = dim + 3, split = 9
            let q = (0..<(heads * dim)).map { _ in blocks.uniform(-1, 1) }
            let halves = (0..<(count * stride)).map { _ in FloatConversion.toHalf(blocks.uniform(-1, 1)) }
            let rounded = halves.map(FloatConversion.half)
            var scores = [Float](repeating: .nan, count: heads * count)
            halves.withUnsafeBytes { raw in
                scores.withUnsafeMutableBufferPointer { out in
                    AttentionKernels.scores(q, heads: heads, keys: raw.baseAddress!, precision: .half, stride: stride, count: split, dim: dim,
                                            scale: 0.5, into: out.baseAddress!, scoresStride: count, path: path)
                    AttentionKernels.scores(q, heads: heads, keys: raw.baseAddress! + 2 * split * stride, precision: .half, stride: stride,
                                            count: count - split, dim: dim, scale: 0.5, into: out.baseAddress! + split, scoresStride: count, path: path)
                }
            }
            for h in 0..<heads {
                for i in 0..<count {
                    let exact = 0.5 * (0..<dim).reduce(0.0) { $0 + Double(q[h * dim + $1]) * Double(rounded[i * stride + $1]) }
                    #expect(abs(Double(scores[h * count + i]) - exact) <= 1e-5 * max(1, abs(exact)), "\(path) scores \(heads)×\(dim) \(h) \(i)")
                }
            }
            let weights = (0..<(heads * count)).map { _ in blocks.uniform(0, 1) }
            var out = [Float](repeating: .nan, count: heads * dim)
            halves.withUnsafeBytes { raw in
                out.withUnsafeMutableBufferPointer { o in
                    AttentionKernels.sums(raw.baseAddress!, precision: .half, stride: stride, weights: weights, weightsStride: count, heads: heads,
                                          count: split, width: dim, into: o.baseAddress!, outStride: dim, path: path)
                    AttentionKernels.sums(raw.baseAddress! + 2 * split * stride, precision: .half, stride: stride, weights: Array(weights[split...]),
                                          weightsStride: count, heads: heads, count: count - split, width: dim, into: o.baseAddress!, outStride: dim,
                                          accumulate: true, path: path)
                }
            }
            for h in 0..<heads {
                for column in 0..<dim {
                    let exact = (0..<count).reduce(0.0) { $0 + Double(weights[h * count + $1]) * Double(rounded[$1 * stride + column]) }
                    #expect(abs(Double(out[h * dim + column]) - exact) <= 1e-5 * max(1, abs(exact)), "\(path) sums \(heads)×\(dim) \(h) \(column)")
                }
            }
        }
    }

    /// Softmax on each path against float64, at lengths with and without a tail, with scores far apart.
    @Test(arguments: KernelPath.runnable) func softmaxMatchesFloat64(path: KernelPath) {
        var blocks = RandomBlocks(seed: 8)
        for count in [1, 5, 8, 29, 300] {
            var x = (0..<count).map { _ in blocks.uniform(-30, 30) }
            let top = Double(x.max()!), total = x.reduce(0.0) { $0 + Foundation.exp(Double($1) - top) }
            let exact = x.map { Foundation.exp(Double($0) - top) / total }
            AttentionKernels.softmax(&x, count: count, path: path)
            for i in 0..<count { #expect(abs(Double(x[i]) - exact[i]) <= 1e-6 * max(exact[i], 1e-3), "\(path) \(count) entry \(i)") }
            #expect(abs(x.reduce(0.0) { $0 + Double($1) } - 1) < 1e-5)
        }
    }
}
