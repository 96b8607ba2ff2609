import ArgumentParser
import Foundation
import SAEKit

/// `--dict` and `--index`: the options of every command that opens one dictionary and perhaps its feature index.
struct DictionaryOptions: ParsableArguments {
    @Option(help: "The dictionary: a SAELens, sparsify or Gemma Scope folder, a Gemma Scope params.npz, or a saescope .safetensors file.")
    var dict: String

    @Option(help: "Its feature index (default: next to the dictionary, when it is there).")
    var index: String?

    @Flag(help: "Use the feature index even when it was built for another dictionary (a warning instead of an error).")
    var forceIndex = false

    /// The dictionary's file, its weights not read yet.
    func open() throws -> DictionaryFile { try DictionaryLoader.open(dict) }

    /// The dictionary, loaded.
    func load() throws -> SparseDictionary { try open().load() }

    /// Where the feature index is: `--index`, or beside the dictionary.
    var indexPath: String { index ?? FeatureIndex.defaultPath(forDictionary: dict) }

    /// `dictionary`'s feature index when there is one: the one `--index` names (which must exist), or the one beside
    /// the dictionary if it is there; checked to belong to it (`--force-index` makes a mismatch a warning).
    func openIndex(for dictionary: SparseDictionary) throws -> FeatureIndex? {
        let (opened, warning) = try Self.openIndex(at: index, beside: dict, for: dictionary, force: forceIndex)
        if let warning { FileHandle.standardError.write(Data("saescope: warning: \(warning)\n".utf8)) }
        return opened
    }

    /// The index at `explicit` (which must exist) or else beside the dictionary at `dictionaryPath` (when it is
    /// there), checked to belong to `dictionary`; with `force` a mismatch comes back as a warning instead of an error.
    static func openIndex(at explicit: String?, beside dictionaryPath: String, for dictionary: SparseDictionary,
                          force: Bool) throws -> (index: FeatureIndex?, warning: String?) {
        let path = explicit ?? FeatureIndex.defaultPath(forDictionary: dictionaryPath)
        guard explicit != nil || FileManager.default.fileExists(atPath: path) else { return (nil, nil) }
        let opened = try FeatureIndex(path: path)
        return (opened, try check(opened, for: dictionary, force: force))
    }

    /// `dictionary`'s feature index, which the command cannot do without, checked as `openIndex` checks it.
    func requireIndex(for dictionary: SparseDictionary) throws -> FeatureIndex {
        let (opened, warning) = try Self.openIndex(at: indexPath, beside: dict, for: dictionary, force: forceIndex)
        if let warning { FileHandle.standardError.write(Data("saescope: warning: \(warning)\n".utf8)) }
        guard let opened else { throw InputError(indexPath, "no feature index here; build it with `saescope index build --dict …`") }
        return opened
    }

    /// The labels of `dictionary`'s features, from its index when there is one.
    func labels(for dictionary: SparseDictionary) throws -> FeatureLabels {
        try FeatureLabels(index: try openIndex(for: dictionary), featureCount: dictionary.featureCount)
    }

    /// Checks that `index` belongs to `dictionary`: an `InputError` naming the index when it does not, or with
    /// `force` the same words returned as a warning.
    private static func check(_ index: FeatureIndex, for dictionary: SparseDictionary, force: Bool) throws -> String? {
        guard let mismatch = try index.mismatch(with: dictionary) else { return nil }
        guard force else {
            throw InputError(index.path, mismatch + "; give the dictionary's own index, rebuild it with `saescope index build`, or pass --force-index")
        }
        return "\(index.path) \(mismatch)"
    }
}
