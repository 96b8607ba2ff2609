/// Llama (SmolLM2, Llama 3 and the other `llama` GGUFs): the shared block itself; its RoPE base and scaling vary.
enum LlamaFamily {
    /// The block, with `llama.rope.freq_base` (10,000 when absent), Llama 3's per-frequency factors
    /// (`rope_freqs.weight`, which the converter writes from `rope_scaling`) and linear RoPE scaling.
    static func design(keys: GGUFHyperparameters, headDim: Int) throws -> BlockDesign {
        var design = BlockDesign(headDim: headDim)
        design.ropeBase = keys.float("rope.freq_base", default: 10_000)
        design.ropeFrequencyFactors = try RotaryScaling.frequencyFactors(keys: keys, headDim: headDim)
        design.ropeAngleScale = try RotaryScaling.linearAngleScale(keys: keys)
        return design
    }
}
