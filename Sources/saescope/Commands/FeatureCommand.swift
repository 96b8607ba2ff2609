import ArgumentParser
import Foundation
import SAEKit

/// Options shared by the commands that read a dictionary's feature index.
struct IndexOptions: ParsableArguments {
    @Option(help: "The dictionary.")
    var dict: String

    @Option(help: "Its feature index (default: next to the dictionary).")
    var index: String?

    /// The opened dictionary file and index.
    func open() throws -> (file: DictionaryFile, index: FeatureIndex) {
        let file = try DictionaryLoader.open(dict)
        return (file, try FeatureIndex(path: index ?? FeatureIndex.defaultPath(forDictionary: dict)))
    }
}

/// `saescope feature --dict PATH ID`: one feature's dashboard.
struct FeatureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feature",
        abstract: "Show a feature's dashboard: statistics, label, top examples, promoted and suppressed tokens, histogram.")

    @OptionGroup var options: IndexOptions

    @Argument(help: "The feature id.")
    var id: Int

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let (file, index) = try options.open()
        guard (0..<file.config.dSAE).contains(id) else {
            throw InputError("ID", "feature \(id) does not exist (ids run from 0 to \(file.config.dSAE - 1))")
        }
        guard var record = try index.feature(id) else { throw InputError(index.path, "has no record for feature \(id)") }
        if let store = try? AnnotationStore(), let dictionaryID = index.metadata["dictionary_id"],
           let note = try store.annotation(dictionary: dictionaryID, feature: id), !note.name.isEmpty {
            record.label = note.name
        }
        if json { return try JSONOutput.print(record) }
        print(FeatureDashboardText.render(record))
    }
}

/// `saescope search --dict PATH QUERY`: features by label, top token, the user's names, or id.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find features by label, top token, your own names and notes, or id.")

    @OptionGroup var options: IndexOptions

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
        let (file, index) = try options.open()
        let store = try? AnnotationStore()
        let search = FeatureFinder(index: index, annotations: store, dictionaryID: index.metadata["dictionary_id"] ?? "",
                                   featureCount: file.config.dSAE)
        let results = try index.summaries(try search.run(query, limit: limit))
        if json {
            return try JSONOutput.print(["results": results.map { Result(feature: $0.id, label: $0.label, density: $0.density, max_activation: $0.maxActivation) }])
        }
        if results.isEmpty { print("no features match '\(query)'") }
        for r in results { print(String(format: "%6d  %-40@  density %.4f%%  max %.2f", r.id, r.label as NSString, r.density * 100, r.maxActivation)) }
    }
}
