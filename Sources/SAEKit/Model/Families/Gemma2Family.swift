/// Gemma 2, as llama.cpp runs a `gemma2` GGUF (its converter has already added Gemma's `1 +` to every norm weight).
enum Gemma2Family {
    /// Gemma 2's differences: the Gemma block, attention scores and final logits soft-capped (`attn_logit_softcapping`, `final_logit_softcapping`),
    /// and every other layer (the even ones) attending to a sliding window. Queries are scaled by 1/√headDim, except
    /// in the 46-layer 27B model, whose `query_pre_attn_scalar` is width / heads (llama.cpp's rule: the file has no key).
    static func design(keys: GGUFHyperparameters, modelDim: Int, headDim: Int) throws -> BlockDesign {
        var design = GemmaBlock.design(modelDim: modelDim, headDim: headDim)
        design.ropeBase = keys.float("rope.freq_base", default: 10_000)
        design.slidingWindow = try keys.int("attention.sliding_window", default: 4096)
        design.globalLayerPeriod = 2
        if try keys.int("block_count") == 46 {
            design.attentionScale = 1 / Float(modelDim / (try keys.int("attention.head_count"))).squareRoot()
        }
        design.attentionSoftCap = try GemmaBlock.softCap(keys, "attn_logit_softcapping")
        design.outputSoftCap = try GemmaBlock.softCap(keys, "final_logit_softcapping")
        return design
    }

}
