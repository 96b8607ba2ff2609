import Foundation

/// A decoder-only transformer over a memory-mapped GGUF file: config, tokenizer and weights as views into the file.
// @unchecked Sendable: the weights and tables are set in init and only read after (sessions hold the mutable state).
public final class LanguageModel: @unchecked Sendable {
    /// The weights of one transformer block.
    // @unchecked Sendable: the weights and tables are set in init and only read after (sessions hold the mutable state).
    public struct Block: @unchecked Sendable {
        /// RMSNorm weights before attention and before the MLP.
        public let attentionNorm: UnsafePointer<Float>, ffnNorm: UnsafePointer<Float>
        /// Attention projections.
        public let query: LinearWeight, key: LinearWeight, value: LinearWeight, output: LinearWeight
        /// Gated MLP projections.
        public let gate: LinearWeight, up: LinearWeight, down: LinearWeight
        /// Per-head RMSNorm weights [headDim] of queries and keys, when the design has them.
        public let queryNorm: UnsafePointer<Float>?, keyNorm: UnsafePointer<Float>?
        /// RMSNorm weights of the attention and MLP outputs, when the design has them.
        public let postAttentionNorm: UnsafePointer<Float>?, postFFNNorm: UnsafePointer<Float>?
    }

    /// The mapped file.
    public let file: GGUFFile
    /// Hyperparameters.
    public let config: ModelConfig
    /// The tokenizer from the same file.
    public let tokenizer: Tokenizer
    /// The token embedding [vocabulary, modelDim].
    public let embedding: LinearWeight
    /// The output head (the embedding itself when the file has no `output.weight`).
    public let outputHead: LinearWeight
    /// The final RMSNorm weight.
    public let outputNorm: UnsafePointer<Float>
    /// The blocks in order.
    public let blocks: [Block]

    /// The GGUF's file name, which dictionaries trained here record as their model.
    public var fileName: String { URL(fileURLWithPath: file.path).lastPathComponent }

    /// Opens the GGUF at `path` and checks every tensor the forward pass needs.
    public convenience init(path: String) throws {
        try self.init(file: try GGUFFile(path: path))
    }

    /// Builds the model over an opened GGUF file.
    public init(file: GGUFFile) throws {
        self.file = file
        let config = try ModelConfig(gguf: file)
        self.config = config
        tokenizer = try Tokenizer(gguf: file)
        let path = file.path
        func linear(_ name: String, _ inputs: Int, _ outputs: Int) throws -> LinearWeight {
            try LinearWeight(try file.tensor(name), inputs: inputs, outputs: outputs, source: path)
        }
        func norm(_ name: String, width: Int = config.modelDim) throws -> UnsafePointer<Float> {
            let tensor = try file.tensor(name)
            guard tensor.type == .f32, tensor.dimensions == [width] else {
                throw InputError(path, "tensor '\(name)' is \(tensor.type) \(tensor.dimensions), expected F32 [\(width)]")
            }
            return tensor.bytes.baseAddress!.assumingMemoryBound(to: Float.self)
        }
        let design = config.design
        embedding = try linear("token_embd.weight", config.modelDim, config.vocabularySize)
        if file.tensorIfPresent("output.weight") != nil {
            outputHead = try linear("output.weight", config.modelDim, config.vocabularySize)
        } else {
            outputHead = embedding
        }
        outputNorm = try norm("output_norm.weight")
        guard tokenizer.vocabularySize == config.vocabularySize else {
            throw InputError(path, "the tokenizer has \(tokenizer.vocabularySize) tokens but the embedding has \(config.vocabularySize) rows")
        }
        blocks = try (0..<config.layerCount).map { l in
            let p = "blk.\(l)."
            return Block(attentionNorm: try norm(p + "attn_norm.weight"), ffnNorm: try norm(p + "ffn_norm.weight"),
                         query: try linear(p + "attn_q.weight", config.modelDim, config.queryDim),
                         key: try linear(p + "attn_k.weight", config.modelDim, config.kvDim),
                         value: try linear(p + "attn_v.weight", config.modelDim, config.kvDim),
                         output: try linear(p + "attn_output.weight", config.queryDim, config.modelDim),
                         gate: try linear(p + "ffn_gate.weight", config.modelDim, config.ffnDim),
                         up: try linear(p + "ffn_up.weight", config.modelDim, config.ffnDim),
                         down: try linear(p + "ffn_down.weight", config.ffnDim, config.modelDim),
                         queryNorm: design.normalizesQueriesAndKeys ? try norm(p + "attn_q_norm.weight", width: config.headDim) : nil,
                         keyNorm: design.normalizesQueriesAndKeys ? try norm(p + "attn_k_norm.weight", width: config.headDim) : nil,
                         postAttentionNorm: design.normalizesSublayerOutputs ? try norm(p + "post_attention_norm.weight") : nil,
                         postFFNNorm: design.normalizesSublayerOutputs ? try norm(p + "post_ffw_norm.weight") : nil)
        }
    }
}
