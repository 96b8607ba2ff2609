import SAEKit
import Testing

/// The whole-dictionary figures of the explorer's overview, held to plain loops.
@Suite struct DictionaryHealthTests {
    @Test func highestCosinesMatchEveryPairInFloat64AcrossBlocks() throws {
        // 800 features: two blocks of rows (512 + 288), so pairs across blocks and within each are both checked.
        let dictionary = SyntheticDictionary.make(architecture: .standard, dIn: 16, dSAE: 800, seed: 3)
        // Two rows made almost parallel (and one zero row) give known extremes; set before the norms are first asked for.
        let decoder = dictionary.decoder
        for i in 0..<16 { decoder[700, i] = decoder[5, i] * 3 + (i == 0 ? 0.01 : 0) }
        for i in 0..<16 { decoder[9, i] = 0 }
        let fresh = dictionary
        var calls: [Int] = []
        let fast = try #require(DictionaryHealth.highestCosines(of: fresh) { done, total in
            calls.append(done)
            return total == 800
        })
        let reference = DictionaryHealth.highestCosinesReference(of: fresh)
        #expect(calls == [512, 800])
        #expect(zip(fast, reference).allSatisfy { abs($0 - $1) < 1e-5 })
        #expect(fast[5] > 0.999 && fast[700] > 0.999)
        #expect(fast[9] == 0)
    }

    @Test func aStoppedComputationGivesNothing() {
        let dictionary = SyntheticDictionary.make(architecture: .standard, dIn: 8, dSAE: 1200, seed: 1)
        #expect(DictionaryHealth.highestCosines(of: dictionary) { _, _ in false } == nil)
    }

    @Test func firingFiguresCountDeadDenseAndTheSumOfDensities() {
        let density: [Float] = [0, 0, 1e-9, 1e-4, 1e-2, 0.2, 0.5, 1]
        let figures = DictionaryHealth.firing(density: density, bins: 8)
        #expect(figures.dead == 2 && figures.dense == 3)
        #expect(abs(figures.meanL0 - 1.7101000010) < 1e-6)
        // log10 densities -9 (into the first bin), -4, -2, -0.7, -0.3, 0 (into the last) over [-8, 0] in bins of 1.
        #expect(figures.logDensity.counts == [1, 0, 0, 0, 1, 0, 1, 3])
        #expect(figures.logDensity.total == 6)
        #expect(figures.densest == [7, 6, 5, 4, 3, 2])
    }

    @Test func binsSpreadValuesAndKeepTheEnds() {
        #expect(Bins([0, 0.5, 1, 1.5, 2, .nan, -5, 9], low: 0, high: 2, count: 4).counts == [2, 1, 1, 3])
        #expect(Bins([3, 3, 3], low: 3, high: 3, count: 5).counts == [3, 0, 0, 0, 0])
        #expect(DictionaryHealth.decoderNorms([1, 2, 3, 4], bins: 3).counts == [1, 1, 2])
        // Damaged statistics or weights (infinities, NaNs) are left out rather than stopping the overview.
        #expect(Bins([1, .infinity, -.infinity, .nan, 2], low: 0, high: 2, count: 2).counts == [0, 2])
        #expect(Bins([1, 2], low: 0, high: .infinity, count: 2).total == 2)
        #expect(DictionaryHealth.decoderNorms([1, .infinity, 3], bins: 2).high == 3)
        #expect(DictionaryHealth.firing(density: [0.5, .infinity, .nan, 0]).logDensity.total == 1)
    }
}
