import ArgumentParser
import Foundation
import SAEKit

/// `saescope feature --dict PATH ID`: one feature's dashboard.
struct FeatureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feature",
        abstract: "Show a feature's dashboard: statistics, label, top examples, promoted and suppressed tokens, histogram.")

    @OptionGroup var options: DictionaryOptions

    @Argument(help: "The feature id.")
    var id: Int

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let file = try options.open()
        let index = try options.requireIndex(for: try file.load())
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
