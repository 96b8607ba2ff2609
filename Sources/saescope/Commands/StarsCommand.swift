import ArgumentParser
import Foundation
import SAEKit
import TermKit

/// `saescope stars --dict PATH`: the features the user starred, with their names, notes and labels.
struct StarsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stars",
        abstract: "List the features you starred (in the explorer or with annotate), with your names and notes and the index's labels.")

    @OptionGroup var options: WorkbenchOptions

    @Flag(help: "Print JSON: {dictionary, dictionary_id, stars: [{feature, name, notes, label, density, max_activation}]}.")
    var json = false

    /// One starred feature as printed.
    struct Star: Encodable {
        var feature: Int
        var name: String
        var notes: String
        var label: String?
        var density: Float?
        var maxActivation: Float?

        enum CodingKeys: String, CodingKey {
            case feature, name, notes, label, density
            case maxActivation = "max_activation"
        }
    }

    /// The whole answer as JSON prints it.
    struct Listing: Encodable {
        var dictionary: String
        var dictionaryID: String
        var stars: [Star]

        enum CodingKeys: String, CodingKey {
            case dictionary, stars
            case dictionaryID = "dictionary_id"
        }
    }

    func run() throws {
        let workbench = try options.open()
        let dictionary = workbench.dictionary
        let index = try workbench.requireIndex()
        guard let identity = workbench.identity, let overview = try workbench.overview() else {
            throw InputError(index.path, "records no dictionary_id; rebuild it with `saescope index build`")
        }
        let notes = try workbench.userAnnotations()
        let range = 0..<dictionary.featureCount
        let stars = notes.filter { $0.value.starred && range.contains($0.key) }.keys.sorted().map { feature in
            Star(feature: feature, name: notes[feature]?.name ?? "", notes: notes[feature]?.notes ?? "",
                 label: overview.labels[feature].isEmpty ? nil : overview.labels[feature],
                 density: overview.density[feature], maxActivation: overview.maxActivation[feature])
        }
        let name = workbench.name
        if json { return try JSONOutput.print(Listing(dictionary: name, dictionaryID: identity, stars: stars)) }
        guard !stars.isEmpty else {
            print("no starred features in \(name) (s stars one in the explorer; or `saescope annotate`: 'ID star')")
            return
        }
        let idWidth = max(2, String(dictionary.featureCount - 1).count)
        print(String(repeating: " ", count: idWidth - 2) + "id  name / label")
        for star in stars {
            let title = star.name.isEmpty ? (star.label ?? "") : star.name + (star.label.map { "  (\($0))" } ?? "")
            print(String(repeating: " ", count: idWidth - String(star.feature).count) + "\(star.feature)  \(DisplayWidth.visibleText(title))")
            if !star.notes.isEmpty { print(String(repeating: " ", count: idWidth + 2) + DisplayWidth.visibleText(star.notes)) }
        }
    }
}
