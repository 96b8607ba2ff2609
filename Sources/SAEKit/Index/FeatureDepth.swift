import Foundation

/// How far an index's features go beyond one token: the share of live features whose strongest examples all peak on
/// one or two distinct tokens (a feature that only tracks a token's identity), and a fixed-seed draw of features to
/// read by hand.
public struct FeatureDepth: Codable, Sendable, Equatable {
    /// Features in the index, and those that fired on its held-out text.
    public var features: Int, live: Int
    /// Live features whose top examples peak on at most `narrowTokens` distinct tokens.
    public var narrow: Int
    /// The most distinct peak tokens a narrow feature has.
    public var narrowTokens: Int
    /// Live features with fewer top examples than the index keeps at most (rare ones, easier to count as narrow).
    public var fewExamples: Int
    /// `narrow` over `live`.
    public var narrowShare: Double { live > 0 ? Double(narrow) / Double(live) : 0 }

    /// The depth of `records`, whose top examples number at most `examples` each.
    public init(records: [FeatureRecord], examples: Int, narrowTokens: Int = 2) {
        let live = records.filter { $0.density > 0 && !$0.topExamples.isEmpty }
        features = records.count
        self.live = live.count
        self.narrowTokens = narrowTokens
        narrow = live.filter { Self.peakTokens(of: $0).count <= narrowTokens }.count
        fewExamples = live.filter { $0.topExamples.count < examples }.count
    }

    /// The distinct tokens at the peaks of `record`'s top examples, compared without case and surrounding
    /// whitespace (" Paris", "Paris" and "PARIS" are one token's identity).
    public static func peakTokens(of record: FeatureRecord) -> Set<String> {
        Set(record.topExamples.compactMap { example in
            example.peak.map { example.tokens[$0].trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }
        })
    }

    /// `count` distinct feature ids out of `featureCount`, drawn with `seed`, in ascending order.
    public static func randomFeatures(_ count: Int, of featureCount: Int, seed: UInt64) -> [Int] {
        var generator = SeededGenerator(seed: seed)
        return Array(Array(0..<featureCount).shuffled(using: &generator).prefix(count)).sorted()
    }
}
