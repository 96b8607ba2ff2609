import ArgumentParser
import Foundation
import SAEKit

/// `saescope neighbours --dict PATH FEATURE`: features whose decoder directions are closest.
struct NeighboursCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "neighbours",
        abstract: "The nearest features by decoder cosine, in the same dictionary or in another (--against).",
        aliases: ["neighbors"])

    @OptionGroup var options: WorkbenchOptions

    @Argument(help: "The feature id.")
    var feature: Int

    @Option(help: "How many neighbours to print.")
    var top = 10

    @Option(help: "A second dictionary of the same d_in to search instead (feature splitting across sizes); its labels come from the index beside it.")
    var against: String?

    @Flag(help: "Print JSON: {\"feature\": 5, \"neighbours\": [{\"feature\": 102, \"cosine\": 0.377}, ...]}.")
    var json = false

    /// One neighbour in the JSON output.
    struct Entry: Encodable {
        var feature: Int
        var cosine: Float
        var label: String?
    }

    /// The JSON document.
    struct Output: Encodable {
        var feature: Int
        var neighbours: [Entry]
    }

    func validate() throws {
        guard top > 0 else { throw ValidationError("--top must be at least 1") }
    }

    func run() throws {
        let workbench = try options.open()
        let other = try against.map { try workbench.opening(other: $0) }
        let found = try workbench.neighbours(of: feature, top: top, in: other)
        let labels = try (other ?? workbench).labels()
        let entries = found.map { Entry(feature: $0.feature, cosine: $0.cosine, label: labels.label(of: $0.feature)) }
        if json { return try JSONOutput.print(Output(feature: feature, neighbours: entries)) }
        for entry in entries { print(String(format: "%8d  %.4f", entry.feature, entry.cosine) + labels.suffix(for: entry.feature)) }
    }
}
