import Testing
import SAEKit

/// Firing statistics tallied batch by batch, against the same figures counted by hand.
@Suite struct FiringTallyTests {
    @Test func densityMaximumAndMeanOverBatches() {
        var tally = FiringTally(featureCount: 4)
        tally.add(SparseCodes(rows: [[(0, 2), (2, 1)], [(0, 4)]]))
        tally.add(SparseCodes(rows: [[], [(2, 3), (1, 0)]]))
        let statistics = tally.statistics(source: "4 rows")
        #expect(tally.rows == 4)
        // Feature 1's only value is 0, which is not firing; feature 3 never appears.
        #expect(statistics.density == [0.5, 0, 0.5, 0])
        #expect(statistics.maxActivation == [4, 0, 3, 0])
        #expect(statistics.meanActivation == [3, 0, 2, 0])
        #expect(statistics.source == "4 rows")
        #expect(statistics.deadFraction == 0.5)
    }

    /// Tallying a dictionary's codes in chunks gives what one pass over all the rows gives.
    @Test func chunksAddUpToOnePass() {
        let dictionary = SyntheticDictionary.make(architecture: .topk, dIn: 16, dSAE: 40, k: 3, seed: 4)
        let x = SyntheticDictionary.gaussianMatrix(rows: 300, cols: 16, seed: 5)
        var whole = FiringTally(featureCount: 40), chunked = FiringTally(featureCount: 40)
        whole.add(dictionary.encode(x))
        for start in stride(from: 0, to: 300, by: 64) {
            chunked.add(dictionary.encode(x.selecting(rows: Array(start..<min(300, start + 64)))))
        }
        // The products of other shapes round differently in the last bits; nothing else differs.
        let a = whole.statistics(source: nil), b = chunked.statistics(source: nil)
        #expect(a.density == b.density)
        for (mine, theirs) in [(a.maxActivation!, b.maxActivation!), (a.meanActivation!, b.meanActivation!)] {
            #expect(zip(mine, theirs).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($0)) })
        }
        #expect((a.density ?? []).reduce(0, +) > 0)
    }
}
