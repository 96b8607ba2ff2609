import ArgumentParser
import Foundation
import SAEKit
import TermKit

/// `saescope search --dict PATH QUERY`: features by label, top token, the user's names, or id.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find features by label, top token, your own names and notes, or id.")

    @OptionGroup var options: DictionaryOptions

    @Argument(help: "Words to look for, or a feature id.")
    var query: String

    @Option(help: "Most results to print.")
    var limit = 20

    @Flag(help: "Print JSON: {\"results\": [{\"feature\", \"label\", \"density\", \"max_activation\"}, ...]}.")
    var json = false

    /// One result in the JSON output.
    struct Result: Encodable {
        var feature: Int
        var label: String
        var density: Double
        var max_activation: Float
    }

    func run() throws {
        let file = try options.open()
        let index = try options.requireIndex(for: try file.load())
        let store = try? AnnotationStore()
        let search = FeatureFinder(index: index, annotations: store, dictionaryID: index.metadata["dictionary_id"] ?? "",
                                   featureCount: file.config.dSAE)
        let results = try index.summaries(try search.run(query, limit: limit))
        if json {
            return try JSONOutput.print(["results": results.map { Result(feature: $0.id, label: $0.label, density: $0.density, max_activation: $0.maxActivation) }])
        }
        if results.isEmpty { print("no features match '\(query)'") }
        for r in results { print(String(format: "%6d  %-40@  density %.4f%%  max %.2f", r.id, DisplayWidth.visibleText(r.label) as NSString, r.density * 100, r.maxActivation)) }
    }
}
