/// The Hub repository of the model a dictionary's config names: a Hugging Face id as it is (`google/gemma-2-2b`), or
/// one of the TransformerLens names SAELens configs use for the public dictionaries' models.
public enum HubModelNames {
    /// TransformerLens names (lowercased) and their repositories.
    static let transformerLens: [String: String] = [
        "gpt2": "openai-community/gpt2", "gpt2-small": "openai-community/gpt2", "gpt2-medium": "openai-community/gpt2-medium",
        "pythia-70m": "EleutherAI/pythia-70m", "pythia-70m-deduped": "EleutherAI/pythia-70m-deduped",
        "pythia-160m-deduped": "EleutherAI/pythia-160m-deduped", "pythia-410m-deduped": "EleutherAI/pythia-410m-deduped",
        "gemma-2-2b": "google/gemma-2-2b", "gemma-2-2b-it": "google/gemma-2-2b-it", "gemma-2-9b": "google/gemma-2-9b",
        "gemma-2-9b-it": "google/gemma-2-9b-it", "gemma-3-270m": "google/gemma-3-270m", "gemma-3-270m-it": "google/gemma-3-270m-it",
        "gemma-3-1b-pt": "google/gemma-3-1b-pt", "gemma-3-1b-it": "google/gemma-3-1b-it",
        "llama-3.1-8b": "meta-llama/Llama-3.1-8B", "qwen2.5-7b-instruct": "Qwen/Qwen2.5-7B-Instruct",
    ]

    /// The repository of `modelName`, or nil when it is neither an id nor a name in the table.
    public static func repository(for modelName: String) -> String? {
        if modelName.hasPrefix(HubName.scheme) { return (try? HubName.parse(modelName, argument: "model"))??.repository }
        let parts = modelName.split(separator: "/")
        if parts.count == 2, !modelName.hasPrefix("/"), !modelName.hasPrefix(".") { return modelName }
        return transformerLens[modelName.lowercased()]
    }
}
