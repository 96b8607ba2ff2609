/// GPT-2, as llama.cpp runs a `gpt2` GGUF: LayerNorm with bias before each sublayer, learned positions, a fused QKV
/// projection (split into its three row ranges at load), biases on every projection, and a plain GELU (tanh) MLP.
enum GPT2Family {
    /// GPT-2's differences from the Llama block.
    static func design(headDim: Int) -> BlockDesign {
        var design = BlockDesign(headDim: headDim)
        design.normalization = .layer
        design.positions = .learned
        design.gatedMLP = false
        design.activation = .geluTanh
        return design
    }
}
