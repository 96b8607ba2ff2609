import ArgumentParser
import Foundation
import SAEKit

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
        do { _ = try shardSpec() } catch let error as InputError { throw ValidationError("\(error.source): \(error.message)") }
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
