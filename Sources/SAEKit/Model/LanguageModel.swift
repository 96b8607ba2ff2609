import Foundation

/// A decoder-only transformer over a memory-mapped GGUF file or Hugging Face model folder: config, tokenizer and
/// weights as views into the mapped files.
// @unchecked Sendable: the weights and tables are set in init and only read after (sessions hold the mutable state).
public final class LanguageModel: @unchecked Sendable {
    /// The weights of one norm: its scale and, for a LayerNorm that has one, its bias.
    // @unchecked Sendable: views of the read-only mapping.
    public struct Norm: @unchecked Sendable {
        /// The per-channel scale.
        public let weight: UnsafePointer<Float>
        /// The per-channel bias (LayerNorm).
        public let bias: UnsafePointer<Float>?
    }

    /// The weights of one transformer block.
    // @unchecked Sendable: the weights and tables are set in init and only read after (sessions hold the mutable state).
    public struct Block: @unchecked Sendable {
        /// The norms before attention and before the MLP.
        public let attentionNorm: Norm, ffnNorm: Norm
        /// Attention projections (the parts of a fused `attn_qkv`, in families that fuse them).
        public let query: LinearWeight, key: LinearWeight, value: LinearWeight, output: LinearWeight
        /// MLP projections; `gate` only in a gated MLP.
        public let gate: LinearWeight?, up: LinearWeight, down: LinearWeight
        /// Per-head RMSNorm weights [headDim] of queries and keys, when the design has them.
        public let queryNorm: UnsafePointer<Float>?, keyNorm: UnsafePointer<Float>?
        /// Norms of the attention and MLP outputs, when the design has them.
        public let postAttentionNorm: Norm?, postFFNNorm: Norm?
    }

    /// The GGUF file or model folder the weights are read from.
    public let source: any ModelSource
    /// Hyperparameters.
    public let config: ModelConfig
    /// The tokenizer from the same file or folder.
    public let tokenizer: Tokenizer
    /// The token embedding [vocabulary, modelDim].
    public let embedding: LinearWeight
    /// The output head (the embedding itself when the file has no `output.weight`).
    public let outputHead: LinearWeight
    /// The learned position embedding [positions, modelDim], in families that have one.
    public let positionEmbedding: ModelTensor?
    /// The final norm.
    public let outputNorm: Norm
    /// The blocks in order.
    public let blocks: [Block]

    /// The GGUF's file name, the folder's name, or `ORG/NAME` for a snapshot in the Hub's cache (whose folder is named
    /// by a commit): what dictionaries trained here record as their model, and what the explorer shows.
    public var fileName: String { HubCache.repository(ofSnapshot: source.path) ?? URL(fileURLWithPath: source.path).lastPathComponent }

    /// Opens the GGUF file or Hugging Face model folder at `path` and checks every tensor the forward pass needs.
    public convenience init(path: String) throws {
        if ModelFolder.isFolder(path) {
            let folder = try ModelFolder(path: path)
            try self.init(source: folder, tokenizer: try folder.tokenizer())
        } else {
            let file = try GGUFFile(path: path)
            try self.init(source: file, tokenizer: try Tokenizer(gguf: file))
        }
    }

    /// Builds the model over an opened GGUF file or model folder and its tokenizer.
    public init(source file: any ModelSource, tokenizer: Tokenizer) throws {
        self.source = file
        let config = try ModelConfig(source: file)
        self.config = config
        self.tokenizer = tokenizer
        let path = file.path
        func linear(_ name: String, _ inputs: Int, _ outputs: Int) throws -> LinearWeight {
            try LinearWeight(try file.tensor(name + ".weight"), bias: file.tensorIfPresent(name + ".bias"), inputs: inputs,
                             outputs: outputs, source: path)
        }
        func vector(_ name: String, width: Int) throws -> UnsafePointer<Float> {
            let tensor = try file.tensor(name)
            guard tensor.type == .f32, tensor.dimensions == [width] else {
                throw InputError(path, "tensor '\(name)' is \(tensor.type) \(tensor.dimensions), expected F32 [\(width)]")
            }
            return tensor.bytes.baseAddress!.assumingMemoryBound(to: Float.self)
        }
        func norm(_ name: String, width: Int = config.modelDim) throws -> Norm {
            let bias = file.tensorIfPresent(name + ".bias") == nil ? nil : try vector(name + ".bias", width: width)
            return Norm(weight: try vector(name + ".weight", width: width), bias: bias)
        }
        /// Queries, keys and values: three tensors, or the three row ranges of a fused `attn_qkv`.
        func attentionInputs(_ p: String) throws -> (LinearWeight, LinearWeight, LinearWeight) {
            guard let fused = file.tensorIfPresent(p + "attn_qkv.weight") else {
                return (try linear(p + "attn_q", config.modelDim, config.queryDim), try linear(p + "attn_k", config.modelDim, config.kvDim),
                        try linear(p + "attn_v", config.modelDim, config.kvDim))
            }
            let total = config.queryDim + 2 * config.kvDim
            let whole = try LinearWeight(fused, bias: file.tensorIfPresent(p + "attn_qkv.bias"), inputs: config.modelDim,
                                         outputs: total, source: path)
            let parts = [("attn_q", 0..<config.queryDim), ("attn_k", config.queryDim..<(config.queryDim + config.kvDim)),
                         ("attn_v", (config.queryDim + config.kvDim)..<total)]
            let weights = parts.map { name, rows in whole.rows(rows, named: p + name + ".weight") }
            return (weights[0], weights[1], weights[2])
        }
        let design = config.design
        embedding = try linear("token_embd", config.modelDim, config.vocabularySize)
        if file.tensorIfPresent("output.weight") != nil {
            outputHead = try linear("output", config.modelDim, config.vocabularySize)
        } else {
            outputHead = embedding
        }
        outputNorm = try norm("output_norm")
        if design.positions == .learned {
            let table = try file.tensor("position_embd.weight")
            guard table.dimensions == [config.modelDim, config.contextLength] else {
                throw InputError(path, "tensor 'position_embd.weight' has shape \(table.dimensions), expected [\(config.modelDim), \(config.contextLength)]")
            }
            positionEmbedding = table
        } else {
            positionEmbedding = nil
        }
        guard tokenizer.vocabularySize == config.vocabularySize else {
            throw InputError(path, "the tokenizer has \(tokenizer.vocabularySize) tokens but the embedding has \(config.vocabularySize) rows")
        }
        blocks = try (0..<config.layerCount).map { l in
            let p = "blk.\(l)."
            let (query, key, value) = try attentionInputs(p)
            return Block(attentionNorm: try norm(p + "attn_norm"), ffnNorm: try norm(p + "ffn_norm"),
                         query: query, key: key, value: value,
                         output: try linear(p + "attn_output", config.queryDim, config.modelDim),
                         gate: design.gatedMLP ? try linear(p + "ffn_gate", config.modelDim, config.ffnDim) : nil,
                         up: try linear(p + "ffn_up", config.modelDim, config.ffnDim),
                         down: try linear(p + "ffn_down", config.ffnDim, config.modelDim),
                         queryNorm: design.normalizesQueriesAndKeys ? try vector(p + "attn_q_norm.weight", width: config.headDim) : nil,
                         keyNorm: design.normalizesQueriesAndKeys ? try vector(p + "attn_k_norm.weight", width: config.headDim) : nil,
                         postAttentionNorm: design.normalizesSublayerOutputs ? try norm(p + "post_attention_norm") : nil,
                         postFFNNorm: design.normalizesSublayerOutputs ? try norm(p + "post_ffw_norm") : nil)
        }
    }
}
