/// The hyperparameters of a Llama-family model, read from GGUF metadata.
public struct LlamaConfig: Sendable, Equatable {
    /// Number of transformer blocks.
    public let layerCount: Int
    /// Width of the residual stream.
    public let modelDim: Int
    /// Hidden width of the gated MLP.
    public let ffnDim: Int
    /// Number of query heads.
    public let headCount: Int
    /// Number of key/value heads (grouped-query attention).
    public let kvHeadCount: Int
    /// Width of one head.
    public let headDim: Int
    /// Number of leading dimensions of each head that RoPE rotates.
    public let ropeDim: Int
    /// RoPE frequency base.
    public let ropeBase: Float
    /// RMSNorm epsilon (added inside the square root).
    public let normEpsilon: Float
    /// The longest context the model was trained for.
    public let contextLength: Int
    /// Number of rows of the output head.
    public let vocabularySize: Int

    /// Width of all query heads together.
    public var queryDim: Int { headCount * headDim }
    /// Width of all key (or value) heads together.
    public var kvDim: Int { kvHeadCount * headDim }

    /// Reads the config of a `general.architecture = llama` file; anything else is an `InputError`.
    public init(gguf: GGUFFile) throws {
        let path = gguf.path
        guard let arch = gguf.metadata["general.architecture"]?.stringValue else { throw InputError(path, "has no general.architecture") }
        guard arch == "llama" else { throw InputError(path, "architecture '\(arch)' is not supported (only llama)") }
        func int(_ key: String, default fallback: Int? = nil) throws -> Int {
            if let value = gguf.metadata["llama.\(key)"] {
                guard let v = value.intValue, v > 0, v <= 1 << 20 else { throw InputError(path, "llama.\(key) is not a sensible positive integer") }
                return v
            }
            guard let fallback else { throw InputError(path, "has no metadata key 'llama.\(key)'") }
            return fallback
        }
        layerCount = try int("block_count")
        modelDim = try int("embedding_length")
        ffnDim = try int("feed_forward_length")
        headCount = try int("attention.head_count")
        kvHeadCount = try int("attention.head_count_kv", default: headCount)
        guard modelDim % headCount == 0, headCount % kvHeadCount == 0 else {
            throw InputError(path, "embedding_length \(modelDim), \(headCount) heads and \(kvHeadCount) kv heads do not divide")
        }
        headDim = modelDim / headCount
        ropeDim = try int("rope.dimension_count", default: headDim)
        guard ropeDim <= headDim, ropeDim % 2 == 0 else { throw InputError(path, "rope.dimension_count \(ropeDim) does not fit head size \(headDim)") }
        ropeBase = Float(gguf.metadata["llama.rope.freq_base"]?.doubleValue ?? 10000)
        normEpsilon = Float(gguf.metadata["llama.attention.layer_norm_rms_epsilon"]?.doubleValue ?? 1e-5)
        contextLength = try int("context_length", default: 2048)
        let embedding = try gguf.tensor("token_embd.weight")
        guard embedding.dimensions.count == 2, embedding.dimensions[0] == modelDim else {
            throw InputError(path, "token_embd.weight has shape \(embedding.dimensions), expected [\(modelDim), vocabulary]")
        }
        vocabularySize = embedding.dimensions[1]
    }
}
