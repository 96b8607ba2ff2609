/// The hyperparameters of a decoder-only transformer, read from GGUF metadata (a GGUF's own or a model folder's translation), and how its family's block differs
/// from the Llama block (`design`).
public struct ModelConfig: Sendable, Equatable {
    /// The family, from `general.architecture`.
    public let architecture: ModelArchitecture
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
    /// The norms' epsilon (added inside the square root; RMSNorm or LayerNorm, as the family has).
    public let normEpsilon: Float
    /// The longest context the model was trained for.
    public let contextLength: Int
    /// Number of rows of the output head.
    public let vocabularySize: Int
    /// The family's differences from the Llama block.
    public let design: BlockDesign

    /// Width of all query heads together.
    public var queryDim: Int { headCount * headDim }
    /// Width of all key (or value) heads together.
    public var kvDim: Int { kvHeadCount * headDim }

    /// Reads the config of a model of a supported family; anything else is an `InputError` naming what is missing.
    public init(source gguf: any ModelSource) throws {
        let path = gguf.path
        guard let name = gguf.metadata["general.architecture"]?.stringValue else { throw InputError(path, "has no general.architecture") }
        guard let architecture = ModelArchitecture(rawValue: name) else {
            let known = ModelArchitecture.allCases.map(\.rawValue).joined(separator: ", ")
            throw InputError(path, "architecture '\(name)' is not supported (saescope runs \(known))")
        }
        let keys = GGUFHyperparameters(file: gguf, prefix: name)
        self.architecture = architecture
        layerCount = try keys.int("block_count")
        modelDim = try keys.int("embedding_length")
        ffnDim = try keys.int("feed_forward_length")
        headCount = try keys.int("attention.head_count")
        kvHeadCount = try keys.int("attention.head_count_kv", default: headCount)
        guard headCount % kvHeadCount == 0 else {
            throw InputError(path, "\(headCount) query heads cannot share \(kvHeadCount) key/value heads")
        }
        guard gguf.metadata["\(name).attention.key_length"] != nil || modelDim % headCount == 0 else {
            throw InputError(path, "embedding_length \(modelDim) does not divide into \(headCount) heads")
        }
        headDim = try keys.int("attention.key_length", default: modelDim / headCount)
        guard try keys.int("attention.value_length", default: headDim) == headDim else {
            throw InputError(path, "key and value heads of different widths are not supported")
        }
        ropeDim = try keys.int("rope.dimension_count", default: headDim)
        guard ropeDim <= headDim, ropeDim % 2 == 0 else { throw InputError(path, "rope.dimension_count \(ropeDim) does not fit head size \(headDim)") }
        normEpsilon = keys.float("attention.layer_norm_rms_epsilon", default: keys.float("attention.layer_norm_epsilon", default: 1e-5))
        contextLength = try keys.int("context_length", default: 2048)
        let embedding = try gguf.tensor("token_embd.weight")
        guard embedding.dimensions.count == 2, embedding.dimensions[0] == modelDim else {
            throw InputError(path, "token_embd.weight has shape \(embedding.dimensions), expected [\(modelDim), vocabulary]")
        }
        vocabularySize = embedding.dimensions[1]
        var design = try architecture.design(keys: keys, modelDim: modelDim, headDim: headDim)
        if let pairs = gguf.rotaryPairs { design.rotaryPairs = pairs }
        self.design = design
    }
}

/// The `{architecture}.…` metadata keys of a model, read with range checks.
struct GGUFHyperparameters {
    /// The model's source.
    let file: any ModelSource
    /// The architecture name that prefixes every key.
    let prefix: String

    /// A positive integer key, or `fallback` when absent (an error when there is none).
    func int(_ key: String, default fallback: Int? = nil) throws -> Int {
        if let value = file.metadata["\(prefix).\(key)"] {
            guard let v = value.intValue, v > 0, v <= 1 << 20 else { throw InputError(file.path, "\(prefix).\(key) is not a sensible positive integer") }
            return v
        }
        guard let fallback else { throw InputError(file.path, "has no metadata key '\(prefix).\(key)'") }
        return fallback
    }

    /// A float key, or `fallback` when absent.
    func float(_ key: String, default fallback: Float) -> Float {
        file.metadata["\(prefix).\(key)"]?.doubleValue.map(Float.init) ?? fallback
    }

    /// Whether the file has the key.
    func has(_ key: String) -> Bool { file.metadata["\(prefix).\(key)"] != nil }
}
