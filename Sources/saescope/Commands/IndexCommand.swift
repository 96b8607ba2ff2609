import ArgumentParser
import Foundation
import SAEKit
import TermKit

/// `saescope index …`: the feature index behind the dashboards and search.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Build feature indexes (statistics, examples, labels) from held-out text, import them from Neuronpedia, and report on them.",
        subcommands: [IndexBuildCommand.self, IndexMergeCommand.self, IndexImportCommand.self, IndexReportCommand.self])
}

/// `saescope index build --dict PATH …`: one pass of the model over held-out text, indexed for every dictionary given.
struct IndexBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Run the model over held-out text once and write an index next to each dictionary.")

    @Option(help: "A dictionary; repeat for several at the same hook point (one model pass serves all).")
    var dict: [String]

    @OptionGroup var modelOption: ModelOption

    @Option(help: "Held-out text (JSONL from `saescope corpus build` or `corpus generate`); repeat to read several files in turn.")
    var text = [Paths.cache("corpus") + "/heldout.jsonl"]

    @Option(help: "Held-out tokens to read.")
    var tokens = 1_000_000

    @Option(help: "Hook point, when the dictionary does not name one.")
    var hook: String?

    @Option(help: "Strongest examples kept per feature (fewer make a smaller index).")
    var examples = FeatureIndexBuilder.Settings().topExamples

    @Option(help: "Run only share i of N of the text (i/N, 0 ≤ i < N: every N-th batch of 16 contexts; one --dict) and write it to --out as a part for `index merge`: N separate processes, nothing shared.")
    var shard: String?

    @Option(help: "Where to write the index (one --dict; default: beside the dictionary), or the part with --shard.")
    var out: String?

    func validate() throws {
        guard !dict.isEmpty else { throw ValidationError("give at least one --dict") }
        guard tokens >= 128 else { throw ValidationError("--tokens must be at least 128") }
        guard (1...100).contains(examples) else { throw ValidationError("--examples must be between 1 and 100") }
        guard out == nil || dict.count == 1 else { throw ValidationError("--out writes one index: give one --dict") }
        guard shard == nil || out != nil else { throw ValidationError("--shard needs --out, the part's file") }
    }

    /// `--shard i/N` as (i, N).
    private func shardSpec() throws -> (index: Int, count: Int)? {
        guard let shard else { return nil }
        let parts = shard.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let i = parts[0], let n = parts[1], n >= 1, (0..<n).contains(i) else {
            throw InputError("--shard", "'\(shard)' is not i/N with 0 ≤ i < N")
        }
        return (i, n)
    }

    func run() throws {
        let dictionaries = try dict.map { try DictionaryLoader.load($0) }
        let model = try Workbench.requiredModel(for: dictionaries[0], at: dict[0], named: modelOption.model,
                                                hook: dictionaries[0].config.hookName == nil ? hook : nil).model
        let hookNames = Set(dictionaries.map { $0.config.hookName ?? hook ?? "" })
        guard hookNames.count == 1, let hookName = hookNames.first, !hookName.isEmpty else {
            throw InputError("--dict", "the dictionaries must share one hook point (found \(hookNames.sorted())); name it with --hook")
        }
        let sites = try zip(dict, dictionaries).map { path, dictionary in
            try dictionary.site(in: model, source: path, override: dictionary.config.hookName == nil ? hookName : nil)
        }
        let hookPoint = sites[0].read
        let documents = try text.flatMap { try CorpusFile(path: $0).documents }
        let line = ProgressLine()
        let started = Date()
        let part = try shardSpec()
        let heldOut = try HeldOutActivations(model: model, documents: documents, hook: hookPoint, dictionaries: dictionaries,
                                             tokenLimit: tokens, shard: part) { done, total in
            let rate = Double(done * 128) / max(Date().timeIntervalSince(started), 1e-9)
            line.update(String(format: "%@ context %d/%d  %.0f tok/s", ProgressLine.bar(Double(done) / Double(total)), done, total, rate),
                        force: done == total, interval: 15)
        }
        line.finish()
        let facts = ["hook_name": hookName, "model": model.fileName, "text": text.joined(separator: ", "), "token_limit": String(tokens)]
        if let part {
            try IndexPart.write(heldOut, which: 0, shard: part, metadata: facts.merging(["dictionary_id": DictionaryIdentity.of(dictionaries[0])]) { $1 },
                                to: out!)
            return print("wrote \(out!): part \(part.index) of \(part.count), \(heldOut.contexts.count) of the text's \(heldOut.totalContexts) contexts")
        }
        let background = ContextWords(contexts: heldOut.contexts, tokenizer: model.tokenizer)
        for (which, (path, dictionary)) in zip(dict, dictionaries).enumerated() {
            try Self.writeIndex(dictionary: dictionary, heldOut: heldOut, which: which, model: model, write: sites[which].write,
                                examples: examples, background: background, facts: facts, to: out ?? FeatureIndex.defaultPath(forDictionary: path))
        }
    }

    /// Writes the index of `dictionary` from `heldOut`'s codes `which` (what a whole run and a merge of parts both do,
    /// so that the two write the same index), with the build's `facts`.
    static func writeIndex(dictionary: SparseDictionary, heldOut: HeldOutActivations, which: Int, model: LanguageModel, write: HookPoint,
                           examples: Int, background: ContextWords, facts: [String: String], to out: String) throws {
        var settings = FeatureIndexBuilder.Settings()
        settings.topExamples = examples
        let records = FeatureIndexBuilder.records(dictionary: dictionary, activations: heldOut, which: which, model: model,
                                                  write: write, settings: settings, background: background)
        let dead = records.filter { $0.density == 0 }.count
        let metadata = facts.filter { $0.key != "token_limit" }.merging([
            "dictionary_id": DictionaryIdentity.of(dictionary), "tokens": String(heldOut.codes[which].rowCount),
            "built": ISO8601DateFormatter().string(from: Date()),
        ]) { $1 }
        try FeatureIndexWriter.write(records, metadata: metadata, tokenBytes: { model.tokenizer.bytes(of: $0, special: true) }, to: out)
        print(String(format: "wrote %@: %d features, %d tokens, %.2f%% dead on them", out, records.count,
                     heldOut.codes[which].rowCount, 100 * Double(dead) / Double(max(records.count, 1))))
    }
}

/// `saescope index merge PART… --dict PATH`: the index one run would write, from the parts of `index build --shard`.
struct IndexMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Put the parts that `index build --shard i/N --out PART` wrote back together into the dictionary's index.")

    @Argument(help: "The parts, one per shard (any order).")
    var parts: [String]

    @Option(help: "The dictionary the parts were built for.")
    var dict: String

    @OptionGroup var modelOption: ModelOption

    @Option(help: "Where to write the index (default: beside the dictionary).")
    var out: String?

    @Option(help: "Strongest examples kept per feature, as index build's --examples.")
    var examples = FeatureIndexBuilder.Settings().topExamples

    func validate() throws {
        guard !parts.isEmpty else { throw ValidationError("give the parts to merge") }
        guard (1...100).contains(examples) else { throw ValidationError("--examples must be between 1 and 100") }
    }

    func run() throws {
        let dictionary = try DictionaryLoader.load(dict)
        let contents = try parts.map { try IndexPart.read($0) }
        let first = contents[0]
        let identity = DictionaryIdentity.of(dictionary)
        for (path, part) in zip(parts, contents) {
            guard part.metadata["dictionary_id"] == identity else { throw InputError(path, "is a part of another dictionary's index build") }
            for key in ["hook_name", "model", "text", "token_limit", "total_contexts", "skipped_positions"] where part.metadata[key] != first.metadata[key] {
                throw InputError(path, "was built with another \(key) (\(part.metadata[key] ?? "none")) than \(parts[0]) (\(first.metadata[key] ?? "none"))")
            }
            guard part.shard.count == first.shard.count else { throw InputError(path, "is a part of \(part.shard.count) shards, \(parts[0]) of \(first.shard.count)") }
        }
        let shards = Set(contents.map(\.shard.index))
        guard shards.count == contents.count else { throw InputError("PART", "two parts are the same shard: the parts overlap") }
        guard contents.count == first.shard.count else {
            let missing = (0..<first.shard.count).filter { !shards.contains($0) }.map { "\($0)/\(first.shard.count)" }
            throw InputError("PART", "shards \(missing.joined(separator: ", ")) are missing")
        }
        let hookName = first.metadata["hook_name"] ?? ""
        let model = try Workbench.requiredModel(for: dictionary, at: dict, named: modelOption.model,
                                                hook: dictionary.config.hookName == nil ? hookName : nil).model
        guard model.fileName == first.metadata["model"] else {
            throw InputError(parts[0], "was built with the model \(first.metadata["model"] ?? "none"), not \(model.fileName) (pass --model)")
        }
        let site = try dictionary.site(in: model, source: dict, override: dictionary.config.hookName == nil ? hookName : nil)
        let heldOut = try HeldOutActivations(parts: contents.map { ($0.numbers, $0.contexts, $0.codes) }, totalContexts: first.totalContexts,
                                             skippedPositions: first.skippedPositions, source: parts.joined(separator: ", "))
        let facts = ["hook_name": hookName, "model": model.fileName, "text": first.metadata["text"] ?? ""]
        try IndexBuildCommand.writeIndex(dictionary: dictionary, heldOut: heldOut, which: 0, model: model, write: site.write, examples: examples,
                                         background: ContextWords(contexts: heldOut.contexts, tokenizer: model.tokenizer), facts: facts,
                                         to: out ?? FeatureIndex.defaultPath(forDictionary: dict))
    }
}

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
