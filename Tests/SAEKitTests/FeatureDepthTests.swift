import Foundation
import Testing
import SAEKit

/// The depth figures of an index: features peaking on at most two distinct tokens, and the fixed-seed draw.
@Suite struct FeatureDepthTests {
    static func record(_ id: Int, peaks: [String], density: Double = 0.01) -> FeatureRecord {
        let examples = peaks.map { FeatureExample(ids: [1, 2, 3], tokens: ["a", $0, "b"], activations: [0.5, 2, 1], maxActivation: 2) }
        return FeatureRecord(id: id, density: density, maxActivation: 2, meanActivation: 1, label: "", topTokens: [],
                             histogram: [], topExamples: examples, quantileExamples: [], promoted: [], suppressed: [])
    }

    @Test func countsFeaturesThatPeakOnOneOrTwoTokens() {
        let records = [
            Self.record(0, peaks: [" Paris", "Paris", "PARIS", " paris"]),   // one token's identity, however written
            Self.record(1, peaks: [" cat", " dog", " cat", " dog"]),
            Self.record(2, peaks: [" red", " green", " blue", " red"]),
            Self.record(3, peaks: [" x"]),                                     // fewer examples than kept
            Self.record(4, peaks: [], density: 0),                             // dead: not counted
        ]
        let depth = FeatureDepth(records: records, examples: 4)
        #expect(depth.features == 5 && depth.live == 4)
        #expect(depth.narrow == 3 && depth.fewExamples == 1)
        #expect(depth.narrowShare == 0.75)
        #expect(FeatureDepth.peakTokens(of: records[2]) == ["red", "green", "blue"])
    }

    @Test func theDrawIsFixedBySeedAndDistinct() {
        let drawn = FeatureDepth.randomFeatures(20, of: 16_384, seed: 1)
        #expect(drawn == FeatureDepth.randomFeatures(20, of: 16_384, seed: 1))
        #expect(drawn != FeatureDepth.randomFeatures(20, of: 16_384, seed: 2))
        #expect(Set(drawn).count == 20 && drawn == drawn.sorted() && drawn.allSatisfy { (0..<16_384).contains($0) })
        #expect(FeatureDepth.randomFeatures(5, of: 3, seed: 1) == [0, 1, 2])
    }
}
