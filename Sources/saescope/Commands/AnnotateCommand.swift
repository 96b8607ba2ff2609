import ArgumentParser
import Foundation
import SAEKit

/// `saescope annotate --dict PATH`: the user's names, notes, stars and presets written from a script, one line of
/// standard input at a time, each acknowledged once it is on disk.
struct AnnotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotate",
        abstract: "Name, note and star features, and save steering presets, from lines on standard input.",
        discussion: """
            Lines: 'ID name TEXT', 'ID notes TEXT', 'ID star', 'ID unstar', or 'preset NAME EDIT…' (edits as steer \
            takes them, over the generated tokens). Names, notes and stars are filed under the dictionary's identity in \
            your annotation store, as the explorer files them; presets go to your presets folder. Each line is \
            answered 'saved …' on standard output once it is written (a transaction in the store; an atomic file).
            """)

    @OptionGroup var options: WorkbenchOptions

    func run() throws {
        let workbench = try options.open()
        let dictionary = workbench.dictionary
        let identity = try workbench.requireIndex().metadata["dictionary_id"] ?? DictionaryIdentity.of(dictionary)
        let store = try workbench.annotations ?? AnnotationStore()
        let presets = PresetShelf.standard(dictionaryPath: options.dict)
        var number = 0
        while let line = readLine() {
            number += 1
            let words = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true).map(String.init)
            guard !words.isEmpty else { continue }
            if words[0] == "preset" {
                guard words.count == 3 else { throw InputError("line \(number)", "expected 'preset NAME EDIT…'") }
                let edits = try words[2].split(separator: " ").map { try FeatureEdit(parsing: String($0), span: .generated) }
                let additive = edits.allSatisfy(\.isAdditive)
                try presets.save(try SteeringPreset(mode: additive ? .additive : .splice, edits: edits, span: .generated),
                                 name: words[1] + ".json")
                print("saved preset \(words[1])")
            } else {
                guard let feature = Int(words[0]), (0..<dictionary.featureCount).contains(feature), words.count >= 2 else {
                    throw InputError("line \(number)", "expected 'ID name|notes TEXT', 'ID star' or 'ID unstar' with ID below \(dictionary.featureCount)")
                }
                var note = try store.annotation(dictionary: identity, feature: feature) ?? Annotation()
                switch words[1] {
                case "name": note.name = words.count == 3 ? words[2] : ""
                case "notes": note.notes = words.count == 3 ? words[2] : ""
                case "star": note.starred = true
                case "unstar": note.starred = false
                default: throw InputError("line \(number)", "'\(words[1])' is not name, notes, star or unstar")
                }
                try store.save(note, dictionary: identity, feature: feature)
                print("saved \(feature)")
            }
            fflush(nil)   // every stream: the acknowledgement must leave before the next line is read
        }
    }
}
