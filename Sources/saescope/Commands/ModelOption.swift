import ArgumentParser
import SAEKit

/// The `--model NAME|PATH` option of the commands that run a model without a dictionary.
struct ModelOption: ParsableArguments {
    @Option(help: "A fetched model's name (saescope model list) or a GGUF file (default: SmolLM2-135M-Instruct; with a dictionary, the model it was trained on).")
    var model: String?

    /// Opens the chosen model, or the default one.
    func load() throws -> LanguageModel {
        try LanguageModel(path: try ModelStore.resolve(model))
    }
}
