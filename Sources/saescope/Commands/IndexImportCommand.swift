import ArgumentParser
import Foundation
import SAEKit
import TermKit

/// `saescope index import EXPORT --dict PATH`: a feature index from a Neuronpedia export, with no run over held-out text.
struct IndexImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Make a dictionary's feature index from Neuronpedia's export of it (features/, activations/, explanations/ of batch-N.jsonl.gz).")

    @Argument(help: "The export: its folder (v1/MODEL/SOURCE/ of Neuronpedia's datasets bucket), or neuronpedia:MODEL/SOURCE or its address (https://HOST/v1/MODEL/SOURCE/) to download it (default, for a saelens: dictionary: its Neuronpedia source in SAELens's registry).")
    var export: String?

    @Option(help: "The dictionary the export describes.")
    var dict: String

    @OptionGroup var modelOption: ModelOption

    @Option(help: "Where to write the index (default: where the dictionary's index goes).")
    var out: String?

    @Flag(help: "Import an export of another hook point, or whose token strings are mostly not the model's tokens.")
    var force = false

    func run() throws {
        let dictionary = try DictionaryLoader.load(dict)
        let export = try NeuronpediaExport(path: try exportFolder())
        let labels = try explanations(of: export, dictionary: dictionary)
        let model = try Workbench.requiredModel(for: dictionary, at: dict, named: modelOption.model).model
        let out = out ?? FeatureIndex.defaultPath(forDictionary: dict)
        let identity = DictionaryIdentity.of(dictionary)
        let line = ProgressLine()
        let started = Date()
        let summary = try NeuronpediaImport(export: export).run(
            dictionary: dictionary, hookName: dictionary.config.hookName, tokenizer: model.tokenizer,
            metadata: ["dictionary_id": identity, "hook_name": dictionary.config.hookName ?? "", "model": model.fileName,
                       "text": export.path, "built": ISO8601DateFormatter().string(from: Date())],
            out: out, force: force) { done, total in
            line.update("\(ProgressLine.bar(Double(done) / Double(total))) batch \(done)/\(total)", force: done == total)
        }
        line.finish()
        print(String(format: "wrote %@: %d features, %d examples from Neuronpedia's %@ in %.1f s", out, summary.features, summary.examples,
                     DisplayWidth.visibleText(summary.source ?? export.path), Date().timeIntervalSince(started)))
        if summary.unmatchedStrings > 0 {
            print("\(summary.unmatchedStrings) of \(summary.tokenStrings) token strings are no token of \(model.fileName); they are kept as text")
        }
        guard !labels.isEmpty else { return print("the export has no explanations") }
        try AnnotationStore().importLabels(labels, dictionary: identity)
        print("imported \(labels.count) explanations")
    }

    /// The export's explanations, read (and checked) before anything is written: the first folder's explanation of a
    /// feature is kept, the others fill in the features it lacks.
    private func explanations(of export: NeuronpediaExport, dictionary: SparseDictionary) throws -> [Int: ImportedLabel] {
        var labels: [Int: ImportedLabel] = [:]
        for folder in export.explanations {
            let explanations = try NeuronpediaExplanations(path: folder)
            if let beyond = explanations.labels.keys.max(), beyond >= dictionary.featureCount {
                throw InputError(folder, "explains feature \(beyond), but the dictionary has \(dictionary.featureCount) features")
            }
            labels.merge(explanations.labels) { first, _ in first }
        }
        return labels
    }

    /// The export's local folder: as given, or downloaded for a `neuronpedia:` name (given, or the registry's for a
    /// `saelens:` dictionary).
    private func exportFolder() throws -> String {
        var name = export
        if name == nil, SAELensRegistry.isName(dict), let source = try SAELensRegistry.entry(dict, argument: "--dict").neuronpedia {
            name = "neuronpedia:" + source
        }
        guard let name else { throw InputError("EXPORT", "give the export's folder or neuronpedia:MODEL/SOURCE") }
        guard NeuronpediaFetch.isName(name) else { return name }
        let (fetch, source) = try NeuronpediaFetch.resolve(name)
        return try fetch.export(source) { file in
            FileHandle.standardError.write(Data("saescope: downloading \(file)\n".utf8))
        }
    }
}
