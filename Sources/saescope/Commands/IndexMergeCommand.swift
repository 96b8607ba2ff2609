import ArgumentParser
import Foundation
import SAEKit

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
