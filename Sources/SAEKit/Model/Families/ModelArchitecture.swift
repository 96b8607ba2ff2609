/// The model families saescope runs, by their GGUF `general.architecture` name.
public enum ModelArchitecture: String, Sendable, CaseIterable {
    case llama, gemma2, gemma3, gpt2, gptneox, qwen2, qwen3

    /// Every family's block, as its differences from the Llama block, read from the file's `{arch}.…` keys.
    func design(keys: GGUFHyperparameters, modelDim: Int, headDim: Int) throws -> BlockDesign {
        switch self {
        case .llama: return try LlamaFamily.design(keys: keys, headDim: headDim)
        case .gemma2: return try Gemma2Family.design(keys: keys, modelDim: modelDim, headDim: headDim)
        case .gemma3: return try Gemma3Family.design(keys: keys, modelDim: modelDim, headDim: headDim)
        case .gpt2: return GPT2Family.design(headDim: headDim)
        case .gptneox: return GPTNeoXFamily.design(keys: keys, headDim: headDim)
        case .qwen2: return QwenFamily.design(keys: keys, headDim: headDim, normalizesQueriesAndKeys: false)
        case .qwen3: return QwenFamily.design(keys: keys, headDim: headDim, normalizesQueriesAndKeys: true)
        }
    }

    /// The family as a user reads it, with what sets it apart.
    public var summary: String {
        switch self {
        case .llama: return "Llama (RMSNorm, SwiGLU, RoPE; Llama 3's frequency scaling when the file has rope_freqs)"
        case .gemma2: return "Gemma 2 (pre and post norms, GELU gate, soft-capped attention and logits, alternating sliding window)"
        case .gemma3: return "Gemma 3 (pre and post norms, query/key norms, GELU gate, five local layers per global one)"
        case .gpt2: return "GPT-2 (LayerNorm with bias, learned positions, fused QKV, GELU MLP)"
        case .gptneox: return "GPT-NeoX / Pythia (LayerNorm, parallel attention and MLP, partial rotary, GELU MLP)"
        case .qwen2: return "Qwen 2 (RMSNorm, SwiGLU, NeoX RoPE, biases on queries, keys and values)"
        case .qwen3: return "Qwen 3 (RMSNorm, SwiGLU, NeoX RoPE, query/key norms)"
        }
    }
}
