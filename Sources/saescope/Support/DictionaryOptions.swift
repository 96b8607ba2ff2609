import ArgumentParser
import Foundation
import SAEKit

/// `--dict` and `--index`: the options of every command that opens one dictionary and perhaps its feature index.
struct DictionaryOptions: ParsableArguments {
    @Option(help: "The dictionary: a SAELens, sparsify or Gemma Scope folder, a Gemma Scope params.npz, or a saescope .safetensors file.")
    var dict: String

    @Option(help: "Its feature index (default: next to the dictionary, when it is there).")
    var index: String?

    /// The dictionary's file, its weights not read yet.
    func open() throws -> DictionaryFile { try DictionaryLoader.open(dict) }

    /// The dictionary, loaded.
    func load() throws -> SparseDictionary { try open().load() }

    /// Where the feature index is: `--index`, or beside the dictionary.
    var indexPath: String { index ?? FeatureIndex.defaultPath(forDictionary: dict) }

    /// The feature index when there is one: the one `--index` names (which must exist), or the one beside the
    /// dictionary if it is there.
    func openIndex() throws -> FeatureIndex? {
        guard index != nil || FileManager.default.fileExists(atPath: indexPath) else { return nil }
        return try FeatureIndex(path: indexPath)
    }

    /// The labels of the dictionary's features (of `featureCount`), from its index when there is one.
    func labels(featureCount: Int) throws -> FeatureLabels {
        try FeatureLabels(index: try openIndex(), featureCount: featureCount)
    }

    /// The feature index, which the command cannot do without.
    func requireIndex() throws -> FeatureIndex { try FeatureIndex(path: indexPath) }
}
