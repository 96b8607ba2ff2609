import Testing
import SAEKit

/// Decoder-cosine neighbours against the plain-loop twin, within and across dictionaries.
@Suite struct NeighboursTests {
    @Test func matchesReferenceWithinOneDictionary() throws {
        let dictionary = SyntheticDictionary.make(architecture: .standard, dIn: 32, dSAE: 500, seed: 3)
        for feature in [0, 17, 499] {
            let fast = try Neighbours.nearest(to: feature, in: dictionary, top: 12)
            let slow = Neighbours.nearestReference(to: feature, in: dictionary, top: 12)
            #expect(fast.map(\.feature) == slow.map(\.feature))
            for (a, b) in zip(fast, slow) { #expect(abs(a.cosine - b.cosine) < 1e-5) }
            #expect(!fast.contains { $0.feature == feature })
        }
    }

    @Test func findsACopiedDirectionAcrossDictionaries() throws {
        let small = SyntheticDictionary.make(architecture: .standard, dIn: 32, dSAE: 100, seed: 4)
        let large = SyntheticDictionary.make(architecture: .standard, dIn: 32, dSAE: 400, seed: 5)
        // Feature 250 of the large dictionary becomes 3× feature 42 of the small one: cosine 1 whatever the scale.
        for i in 0..<32 { large.decoder[250, i] = 3 * small.decoder[42, i] }
        let found = try Neighbours.nearest(to: 42, in: small, among: large, top: 5)
        #expect(found.first?.feature == 250)
        #expect(abs((found.first?.cosine ?? 0) - 1) < 1e-5)
        let slow = Neighbours.nearestReference(to: 42, in: small, among: large, top: 5)
        #expect(found.map(\.feature) == slow.map(\.feature))
    }

    @Test func rejectsBadFeatureAndWidth() {
        let a = SyntheticDictionary.make(architecture: .standard, dIn: 16, dSAE: 50, seed: 1)
        let b = SyntheticDictionary.make(architecture: .standard, dIn: 8, dSAE: 50, seed: 1)
        #expect(throws: InputError.self) { try Neighbours.nearest(to: 50, in: a, top: 3) }
        #expect(throws: InputError.self) { try Neighbours.nearest(to: -1, in: a, top: 3) }
        #expect(throws: InputError.self) { try Neighbours.nearest(to: 1, in: a, among: b, top: 3) }
    }
}
