import ArgumentParser
import Foundation
import SAEKit

/// `saescope bench …`: benchmarks that report figures against this machine's own limits.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure saescope's speed on this machine.",
        subcommands: [BenchDictionaryCommand.self, BenchModelCommand.self, BenchUICommand.self])
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
