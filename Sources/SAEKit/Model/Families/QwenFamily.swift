/// Qwen 2 and Qwen 3, as llama.cpp runs `qwen2` and `qwen3` GGUFs: the Llama block with NeoX RoPE pairing; Qwen 2's
/// query, key and value projections carry biases (read wherever the file has them), Qwen 3 RMS-normalises each head's
/// queries and keys before RoPE instead.
enum QwenFamily {
    /// The Qwen block, with its RoPE base (1,000,000 in the published models).
    static func design(keys: GGUFHyperparameters, headDim: Int, normalizesQueriesAndKeys: Bool) -> BlockDesign {
        var design = BlockDesign(headDim: headDim)
        design.rotaryPairs = .halves
        design.ropeBase = keys.float("rope.freq_base", default: 10_000)
        design.normalizesQueriesAndKeys = normalizesQueriesAndKeys
        return design
    }
}
