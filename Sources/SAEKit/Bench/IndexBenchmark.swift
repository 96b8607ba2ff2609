import Foundation

/// Measures a feature index as the explorer and the commands use it: opening, one feature's whole record, and a
/// search by a word over its labels and top tokens (`FeatureFinder`, built once from the index's overview).
public enum IndexBenchmark {
    /// Median and 99th-percentile latency, in seconds.
    public struct Latency: Sendable {
        /// The median.
        public var median: Double
        /// The 99th percentile.
        public var p99: Double
    }

    /// Opening time, and lookup and search latencies over `queries` random features and words from their labels.
    public static func run(path: String, queries: Int = 200) throws -> (open: Double, lookup: Latency, search: Latency, features: Int) {
        let started = Date()
        let index = try FeatureIndex(path: path)
        let open = Date().timeIntervalSince(started)
        let count = try index.featureCount()
        guard count > 0 else { throw InputError(path, "holds no features") }
        var rng = SeededGenerator(seed: 3)
        var lookups: [Double] = [], searches: [Double] = [], words: [String] = []
        for _ in 0..<queries {
            let id = Int(rng.next() % UInt64(count))
            var record: FeatureRecord?
            var failure: Error?
            lookups.append(Stopwatch.seconds { do { record = try index.feature(id) } catch { failure = error } })
            if let failure { throw failure }
            if let word = record?.topTokens.first(where: { $0.contains { $0.isLetter } }) { words.append(word) }
        }
        let overview = try index.overview(featureCount: count)
        let finder = FeatureFinder(featureCount: count, labels: overview.labels, topTokens: overview.topTokens)
        for word in words.prefix(queries) { searches.append(Stopwatch.seconds { _ = finder.find(word) }) }
        func latency(_ values: [Double]) -> Latency {
            let sorted = values.sorted()
            guard !sorted.isEmpty else { return Latency(median: 0, p99: 0) }
            return Latency(median: sorted[sorted.count / 2], p99: sorted[min(sorted.count - 1, sorted.count * 99 / 100)])
        }
        return (open, latency(lookups), latency(searches), count)
    }
}
