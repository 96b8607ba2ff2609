/// What every Gemma block shares (Gemma 2 and 3), as llama.cpp runs their GGUFs.
enum GemmaBlock {
    /// A GELU (tanh) gate, NeoX RoPE pairing, embeddings times √width and RMS norms on both sublayer outputs.
    static func design(modelDim: Int, headDim: Int) -> BlockDesign {
        var design = BlockDesign(headDim: headDim)
        design.activation = .geluTanh
        design.rotaryPairs = .halves
        design.embeddingScale = Float(modelDim).squareRoot()
        design.normalizesSublayerOutputs = true
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
