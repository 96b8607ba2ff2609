/// The model families saescope runs, by their GGUF `general.architecture` name.
public enum ModelArchitecture: String, Sendable, CaseIterable {
    case llama, gemma3

    /// Every family's block, as its differences from the Llama block, read from the file's `{arch}.…` keys.
    func design(keys: GGUFHyperparameters, modelDim: Int, headDim: Int) throws -> BlockDesign {
        switch self {
        case .llama: return LlamaFamily.design(keys: keys, headDim: headDim)
        case .gemma3: return try Gemma3Family.design(keys: keys, modelDim: modelDim, headDim: headDim)
        }
    }
}
