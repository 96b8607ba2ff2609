/// Gemma 3, as llama.cpp runs a `gemma3` GGUF (its converter has already added Gemma's `1 +` to every norm weight).
enum Gemma3Family {
    /// Gemma 3's differences: GELU (tanh), neox RoPE, embeddings times √width, RMS norms on each head's queries and
    /// keys and on both sublayer outputs, queries scaled by 1/√headDim, and five local layers (a 512-position window,
    /// RoPE base 10,000) for every global one (`rope.freq_base`, 1,000,000 in the published models).
    static func design(keys: GGUFHyperparameters, modelDim: Int, headDim: Int) throws -> BlockDesign {
        var design = BlockDesign(headDim: headDim)
        design.activation = .geluTanh
        design.rotaryPairs = .halves
        design.embeddingScale = Float(modelDim).squareRoot()
        design.normalizesQueriesAndKeys = true
        design.normalizesSublayerOutputs = true
        design.ropeBase = keys.float("rope.freq_base", default: 1_000_000)
        design.localRopeBase = keys.float("rope.freq_base_swa", default: 10_000)
        design.slidingWindow = try keys.int("attention.sliding_window")
        design.globalLayerPeriod = 6
        guard !keys.has("rope.scaling.type") || keys.float("rope.scaling.factor", default: 1) == 1 else {
            throw InputError(keys.file.path, "RoPE scaling (gemma3.rope.scaling.*) is not supported yet")
        }
        return design
    }
}
