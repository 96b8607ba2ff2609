import Testing
import SAEKit

/// The weighted sum of rows, on each kernel path this CPU runs, against its float64 twin, at the head widths the
/// families use, a dictionary's input width, and odd ones (the 64-wide register blocks, the 8-lane steps and the scalar
/// tail all run); rows consecutive (attention's values) or listed (a training step's active features).
@Suite struct RowKernelsTests {
    @Test(arguments: [8, 16, 64, 72, 128, 256, 576, 3, 70], KernelPath.runnable)
    func weightedSumMatchesItsTwin(_ width: Int, path: KernelPath) {
        var rng = SeededGenerator(seed: UInt64(width))
        for count in [0, 1, 7, 300] {
            let stride = width * 3 + 5
            let rows = (0..<(max(count, 1) * stride)).map { _ in rng.nextGaussian() }
            let weights = (0..<max(count, 1)).map { _ in abs(rng.nextGaussian()) }
            var fast = [Float](repeating: .nan, count: width), slow = fast
            RowKernels.weightedSum(rows, stride: stride, weights: weights, count: count, width: width, into: &fast, path: path)
            RowKernels.weightedSumReference(rows, stride: stride, weights: weights, count: count, width: width, into: &slow)
            let scale = max(1, slow.map(abs).max() ?? 0)
            #expect(zip(fast, slow).allSatisfy { abs($0 - $1) <= 1e-5 * scale }, "\(path): width \(width), \(count) rows")
        }
    }

    @Test(arguments: [8, 64, 70, 576], KernelPath.runnable)
    func listedRowsMatchTheirTwin(_ width: Int, path: KernelPath) {
        var rng = SeededGenerator(seed: UInt64(width) + 1)
        let rowCount = 40
        let rows = (0..<(rowCount * width)).map { _ in rng.nextGaussian() }
        for count in [0, 1, 9, 100] {
            // Rows in any order, some listed more than once.
            let indices = (0..<max(count, 1)).map { _ in Int32(rng.next() % UInt64(rowCount)) }
            let weights = (0..<max(count, 1)).map { _ in rng.nextGaussian() }
            var fast = [Float](repeating: .nan, count: width), slow = fast
            RowKernels.weightedSum(rows, stride: width, indices: indices, weights: weights, count: count, width: width,
                                   into: &fast, path: path)
            RowKernels.weightedSumReference(rows, stride: width, indices: indices, weights: weights, count: count, width: width,
                                            into: &slow)
            let scale = max(1, slow.map(abs).max() ?? 0)
            #expect(zip(fast, slow).allSatisfy { abs($0 - $1) <= 1e-5 * scale }, "\(path): width \(width), \(count) listed rows")
            // The twin itself, against the sum written out.
            for column in [0, width - 1] {
                let expected = (0..<count).reduce(0.0) { $0 + Double(weights[$1]) * Double(rows[Int(indices[$1]) * width + column]) }
                #expect(abs(Double(slow[column]) - expected) <= 1e-5 * Double(scale))
            }
        }
    }
}
