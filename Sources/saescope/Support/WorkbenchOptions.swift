import ArgumentParser
import Foundation
import SAEKit
import TermKit

/// `--dict`, `--index`, `--force-index` and `--model`: the options of every command that works on one dictionary,
/// which it opens as a `Workbench`.
struct WorkbenchOptions: ParsableArguments {
    @Option(help: "The dictionary: a SAELens, sparsify or Gemma Scope folder, a Gemma Scope params.npz, or a saescope .safetensors file.")
    var dict: String

    @Option(help: "Its feature index (default: next to the dictionary, when it is there).")
    var index: String?

    @Flag(help: "Use the feature index even when it was built for another dictionary (a warning instead of an error).")
    var forceIndex = false

    @Option(help: "A fetched model's name (saescope model list) or a GGUF file (default: the model the dictionary was trained on, by its name and width).")
    var model: String?

    /// Opens the dictionary with its index, annotations and, as `need` says, its model; warnings go to standard error.
    func open(model need: Workbench.ModelNeed = .none) throws -> Workbench {
        let workbench = try Workbench.open(Workbench.Request(dictionary: dict, index: index, forceIndex: forceIndex, model: model,
                                                             modelNeed: need))
        for warning in workbench.warnings { FileHandle.standardError.write(Data("saescope: warning: \(warning)\n".utf8)) }
        return workbench
    }
}

extension FeatureLabels {
    /// "  label" to follow a table row, as the terminal may show it, or nothing.
    func suffix(for feature: Int) -> String { label(of: feature).map { "  " + DisplayWidth.visibleText($0) } ?? "" }
}
