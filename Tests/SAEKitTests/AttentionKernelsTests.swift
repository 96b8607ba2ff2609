import Testing
import SAEKit

/// The attention's weighted sum of value rows, on each kernel path this CPU runs, against its float64 twin, at the head
/// widths the families use and odd ones (the 64-wide register blocks, the 8-lane steps and the scalar tail all run).
@Suite struct AttentionKernelsTests {
    @Test(arguments: [8, 16, 64, 72, 128, 256, 3, 70], KernelPath.runnable)
    func weightedSumMatchesItsTwin(_ width: Int, path: KernelPath) {
        var rng = SeededGenerator(seed: UInt64(width))
        for count in [0, 1, 7, 300] {
            let stride = width * 3 + 5
            let rows = (0..<(max(count, 1) * stride)).map { _ in rng.nextGaussian() }
            let weights = (0..<max(count, 1)).map { _ in abs(rng.nextGaussian()) }
            var fast = [Float](repeating: .nan, count: width), slow = fast
            AttentionKernels.weightedSum(rows, stride: stride, weights: weights, count: count, width: width, into: &fast, path: path)
            AttentionKernels.weightedSumReference(rows, stride: stride, weights: weights, count: count, width: width, into: &slow)
            let scale = max(1, slow.map(abs).max() ?? 0)
            #expect(zip(fast, slow).allSatisfy { abs($0 - $1) <= 1e-5 * scale }, "\(path): width \(width), \(count) rows")
        }
    }
}
