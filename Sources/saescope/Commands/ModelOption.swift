import ArgumentParser
import SAEKit

/// The `--model PATH` option every model command shares.
struct ModelOption: ParsableArguments {
    @Option(name: .long, help: "A GGUF model file (default: the fetched SmolLM2-135M-Instruct).")
    var model: String?

    /// Opens the chosen model.
    func load() throws -> LlamaModel {
        try LlamaModel(path: try ModelStore.resolve(model))
    }
}
