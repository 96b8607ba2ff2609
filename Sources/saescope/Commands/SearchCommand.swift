import ArgumentParser
import Foundation
import SAEKit
import TermKit

/// `saescope search --dict PATH QUERY`: features by label, top token, the user's names, or id.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find features by label, top token, your own names and notes, or id.")

    @OptionGroup var options: WorkbenchOptions

    @Argument(help: "Words to look for, or a feature id (every id starting with these digits).")
    var query: String

    @Option(help: "Most results to print.")
    var limit = 20

    @Flag(help: "Print JSON: {\"results\": [{\"feature\", \"label\", \"density\", \"max_activation\"}, ...]}.")
    var json = false

    /// One result in the JSON output (the statistics where the index or the file has them).
    struct Result: Encodable {
        var feature: Int
        var label: String?
        var density: Float?
        var max_activation: Float?
    }

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    /// Runs the search the explorer's `/` runs (`FeatureFinder`), best first.
    func run() throws {
        let workbench = try options.open()
        let labels = try workbench.labels()
        let overview = try workbench.overview()
        let density = overview?.density ?? workbench.dictionary.statistics?.density
        let maxima = try workbench.maxActivation()
        let results = try workbench.finder().find(query).prefix(limit).map { feature in
            Result(feature: feature, label: labels.label(of: feature), density: density?[feature], max_activation: maxima?[feature])
        }
        if json { return try JSONOutput.print(["results": results]) }
        if results.isEmpty { print("no features match '\(DisplayWidth.visibleText(query))'") }
        for r in results {
            let figures = [r.density.map { String(format: "density %.4f%%", $0 * 100) }, r.max_activation.map { String(format: "max %.2f", $0) }]
            print(String(format: "%6d  %-40@  ", r.feature, DisplayWidth.visibleText(r.label ?? "") as NSString)
                  + figures.compactMap { $0 }.joined(separator: "  "))
        }
    }
}
