import ArgumentParser
import Foundation
import SAEKit

/// `saescope bench …`: benchmarks that report figures against this machine's own limits.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure saescope's speed on this machine.",
        subcommands: [BenchDictionaryCommand.self, BenchModelCommand.self, BenchUICommand.self, BenchIndexCommand.self])
}

/// `saescope bench index`: feature lookup and search latency on a real feature index.
struct BenchIndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Open time, feature lookup and text search latency of a feature index (aims: lookup ≤ 2 ms, search ≤ 20 ms).")

    @Option(help: "The dictionary whose index to measure (default: the sample's 16k dictionary).")
    var dict = "SampleData/smollm2-res14-16k.safetensors"

    @Option(help: "Lookups and searches to time.")
    var queries = 200

    func validate() throws {
        guard queries > 0 else { throw ValidationError("--queries must be positive") }
    }

    func run() throws {
        let result = try IndexBenchmark.run(path: FeatureIndex.defaultPath(forDictionary: dict), queries: queries)
        print(String(format: "open                  %.2f ms  (%d features)", result.open * 1000, result.features))
        print(String(format: "feature lookup        %.3f ms median, %.3f ms p99  (aim ≤ 2 ms)", result.lookup.median * 1000, result.lookup.p99 * 1000))
        print(String(format: "label/token search    %.3f ms median, %.3f ms p99  (aim ≤ 20 ms)", result.search.median * 1000, result.search.p99 * 1000))
    }
}

/// `saescope bench dictionary`: encode throughput and neighbour latency on synthetic dictionaries.
struct BenchDictionaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dictionary",
        abstract: "Encode throughput vs sgemm peak, and neighbour-query latency vs one read of the decoder.")

    func run() throws {
        let figures = try DictionaryBenchmark.run { step in
            FileHandle.standardError.write(Data("… \(step)\n".utf8))
        }
        let width = figures.map(\.name.count).max() ?? 0
        for figure in figures {
            print(figure.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + figure.value
                  + (figure.comparison.isEmpty ? "" : "  (\(figure.comparison))"))
        }
    }
}
