/// Gemma 2, as llama.cpp runs a `gemma2` GGUF (its converter has already added Gemma's `1 +` to every norm weight).
enum Gemma2Family {
    /// Gemma 2's differences: GELU (tanh) gate, NeoX RoPE, embeddings times √width, RMS norms on both sublayer
    /// outputs, attention scores and final logits soft-capped (`attn_logit_softcapping`, `final_logit_softcapping`),
    /// and every other layer (the even ones) attending to a sliding window. Queries are scaled by 1/√headDim, except
    /// in the 46-layer 27B model, whose `query_pre_attn_scalar` is width / heads (llama.cpp's rule: the file has no key).
    static func design(keys: GGUFHyperparameters, modelDim: Int, headDim: Int) throws -> BlockDesign {
        var design = BlockDesign(headDim: headDim)
        design.activation = .geluTanh
        design.rotaryPairs = .halves
        design.embeddingScale = Float(modelDim).squareRoot()
        design.normalizesSublayerOutputs = true
        design.ropeBase = keys.float("rope.freq_base", default: 10_000)
        design.slidingWindow = try keys.int("attention.sliding_window", default: 4096)
        design.globalLayerPeriod = 2
        if try keys.int("block_count") == 46 {
            design.attentionScale = 1 / Float(modelDim / (try keys.int("attention.head_count"))).squareRoot()
        }
        design.attentionSoftCap = try softCap(keys, "attn_logit_softcapping")
        design.outputSoftCap = try softCap(keys, "final_logit_softcapping")
        return design
    }

    /// A soft-capping value, nil when absent or 0 (no capping).
    static func softCap(_ keys: GGUFHyperparameters, _ key: String) throws -> Float? {
        guard keys.has(key) else { return nil }
        let cap = keys.float(key, default: 0)
        guard cap.isFinite, cap >= 0 else { throw InputError(keys.file.path, "\(keys.prefix).\(key) \(cap) is not a positive number") }
        return cap == 0 ? nil : cap
    }
}
