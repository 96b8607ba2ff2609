import ArgumentParser
import Foundation
import SAEKit
import TermKit

/// `saescope index report --dict PATH`: how far a dictionary's features go beyond single tokens, and a fixed-seed
/// draw of features with their strongest examples, to read by hand.
struct IndexReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report the share of features that peak on at most two distinct tokens, and list features drawn at random.")

    @OptionGroup var options: WorkbenchOptions

    @Option(help: "Features to draw at random (0 for none).")
    var random = 20

    @Option(help: "Seed of the random draw.")
    var seed: UInt64 = 1

    @Option(help: "Top examples shown per drawn feature.")
    var examples = 3

    @Flag(help: "Print JSON.")
    var json = false

    /// What `--json` prints.
    struct Report: Encodable {
        var depth: FeatureDepth
        var narrowShare: Double
        var seed: UInt64
        var drawn: [FeatureRecord]
    }

    func validate() throws {
        guard random >= 0 else { throw ValidationError("--random must not be negative") }
        guard examples >= 0 else { throw ValidationError("--examples must not be negative") }
    }

    func run() throws {
        let index = try options.open().requireIndex()
        let records = try index.allFeatures()
        let count = records.count
        if let gap = records.indices.first(where: { records[$0].id != $0 }) {
            throw InputError(index.path, "has no record for feature \(gap)")
        }
        let kept = records.map(\.topExamples.count).max() ?? 0
        let depth = FeatureDepth(records: records, examples: kept)
        let drawn = FeatureDepth.randomFeatures(min(random, count), of: count, seed: seed).map { id in
            var record = records[id]
            record.topExamples = Array(record.topExamples.prefix(examples))
            return record
        }
        if json { return try JSONOutput.print(Report(depth: depth, narrowShare: depth.narrowShare, seed: seed, drawn: drawn)) }
        print("\(index.path): \(depth.features) features, \(depth.live) fired on \(index.metadata["tokens"] ?? "?") held-out tokens")
        print(String(format: "peak on at most %d distinct tokens in their %d strongest examples: %d of %d live features (%.1f%%)",
                     depth.narrowTokens, kept, depth.narrow, depth.live, 100 * depth.narrowShare))
        print("(tokens compared without case or surrounding space; live features with fewer than \(kept) examples: \(depth.fewExamples))")
        guard !drawn.isEmpty else { return }
        print("\n\(drawn.count) features drawn at random (seed \(seed)):")
        for record in drawn {
            print(String(format: "\n#%d  %@  (density %.4f%%, max %.2f, %d distinct peak tokens)", record.id, DisplayWidth.visibleText(record.label),
                         100 * record.density, record.maxActivation, FeatureDepth.peakTokens(of: records[record.id]).count))
            for example in record.topExamples { print("  " + FeatureDashboardText.example(example)) }
        }
    }
}
