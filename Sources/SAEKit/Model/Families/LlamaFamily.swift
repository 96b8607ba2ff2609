/// Llama (SmolLM2 and the other `llama` GGUFs): the shared block itself; only its RoPE base varies.
enum LlamaFamily {
    /// The block, with `llama.rope.freq_base` (10,000 when absent).
    static func design(keys: GGUFHyperparameters, headDim: Int) -> BlockDesign {
        var design = BlockDesign(headDim: headDim)
        design.ropeBase = keys.float("rope.freq_base", default: 10_000)
        return design
    }
}
