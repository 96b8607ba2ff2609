import ArgumentParser
import SAEKit

/// The `--model NAME|PATH` option every model command shares.
struct ModelOption: ParsableArguments {
    @Option(name: .long, help: "A fetched model's name (saescope model list) or a GGUF file (default: SmolLM2-135M-Instruct, or the model the dictionary was trained on).")
    var model: String?

    /// Opens the chosen model, or the default one.
    func load() throws -> LanguageModel {
        try LanguageModel(path: try ModelStore.resolve(model))
    }

    /// Opens the chosen model, or when none is given the one that reads `dictionary` (by the model it names and its
    /// width); `source` names the dictionary in errors.
    func load(for dictionary: SparseDictionary, source: String) throws -> LanguageModel {
        if model != nil { return try load() }
        let choice = ModelChoice.for(dIn: dictionary.dIn, modelName: dictionary.config.modelName, hook: dictionary.config.hookName)
        return try LanguageModel(path: try choice.path(source: source))
    }
}
