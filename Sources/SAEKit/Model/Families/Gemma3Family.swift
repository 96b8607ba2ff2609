/// Gemma 3, as llama.cpp runs a `gemma3` GGUF (its converter has already added Gemma's `1 +` to every norm weight).
enum Gemma3Family {
    /// Gemma 3's differences: the Gemma block, RMS norms on each head's queries and keys, queries scaled by 1/√headDim, and five local layers (a 512-position window,
    /// RoPE base 10,000) for every global one (`rope.freq_base`, 1,000,000 in the published models, scaled linearly in
    /// the 4B and larger ones).
    static func design(keys: GGUFHyperparameters, modelDim: Int, headDim: Int) throws -> BlockDesign {
        var design = GemmaBlock.design(modelDim: modelDim, headDim: headDim)
        design.normalizesQueriesAndKeys = true
        design.ropeBase = keys.float("rope.freq_base", default: 1_000_000)
        design.localRopeBase = keys.float("rope.freq_base_swa", default: 10_000)
        design.slidingWindow = try keys.int("attention.sliding_window")
        design.globalLayerPeriod = 6
        // The larger models scale the global layers' RoPE linearly (factor 8); the local layers keep theirs.
        design.ropeAngleScale = try RotaryScaling.linearAngleScale(keys: keys)
        design.outputSoftCap = try GemmaBlock.softCap(keys, "final_logit_softcapping")
        return design
    }
}
