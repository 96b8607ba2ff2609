import ArgumentParser
import Foundation
import SAEKit
import TermKit

/// `saescope labels import FILE --dict PATH`: explanations from elsewhere, kept beside the index's labels.
struct LabelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "labels",
        abstract: "Labels from elsewhere: import the explanations Neuronpedia publishes for a dictionary.",
        subcommands: [ImportLabelsCommand.self])
}

/// `saescope labels import FILE --dict PATH`.
struct ImportLabelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import Neuronpedia's explanations of a dictionary's features (its exports' explanations/batch-N.jsonl.gz, .jsonl, a folder of them, or /api/explanation/export JSON).",
        discussion: """
            They are kept in your annotation store under the dictionary's identity (replacing an earlier import), and \
            shown and searched in the explorer beside the index's labels, with their source named; your own names \
            still come first. The first explanation of each feature is kept.
            """)

    @Argument(help: "The explanations: a .jsonl.gz, .jsonl or .json file, or a folder of them.")
    var file: String

    @OptionGroup var options: WorkbenchOptions

    func run() throws {
        let workbench = try options.open()
        let dictionary = workbench.dictionary
        let explanations = try NeuronpediaExplanations(path: file)
        let identity = workbench.identity ?? DictionaryIdentity.of(dictionary)
        // Explanations of features the dictionary lacks are another dictionary's: none is imported.
        if let beyond = explanations.labels.keys.max(), beyond >= dictionary.featureCount {
            throw InputError(file, "explains feature \(beyond), but the dictionary has \(dictionary.featureCount) features: are these another dictionary's?")
        }
        try (workbench.annotations ?? AnnotationStore()).importLabels(explanations.labels, dictionary: identity)
        print("imported \(explanations.labels.count) explanations for \(workbench.name)" + (explanations.sources.isEmpty ? "" : " from " + DisplayWidth.visibleText(explanations.sources.sorted().joined(separator: ", "))))
        if explanations.extra > 0 { print("kept the first explanation of each feature; \(explanations.extra) more were left out") }
    }
}
