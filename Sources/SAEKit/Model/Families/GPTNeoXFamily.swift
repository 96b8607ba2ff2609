/// GPT-NeoX (Pythia), as llama.cpp runs a `gptneox` GGUF: LayerNorm with bias, attention and MLP reading the same
/// input in parallel (`use_parallel_residual`), RoPE on the first `rope.dimension_count` values of each head in NeoX
/// pairing, a fused QKV (its converter has already regrouped it as queries, keys, values), and a plain GELU MLP.
enum GPTNeoXFamily {
    /// GPT-NeoX's differences from the Llama block. Its GELU is the exact one, as transformers' `gelu`.
    static func design(keys: GGUFHyperparameters, headDim: Int) -> BlockDesign {
        var design = BlockDesign(headDim: headDim)
        design.normalization = .layer
        design.gatedMLP = false
        design.activation = .geluErf
        design.rotaryPairs = .halves
        design.ropeBase = keys.float("rope.freq_base", default: 10_000)
        design.parallelResidual = keys.file.metadata["\(keys.prefix).use_parallel_residual"] != .bool(false)
        return design
    }
}
