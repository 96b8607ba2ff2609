import Foundation

/// A Hugging Face model folder's `config.json`, translated into the GGUF metadata llama.cpp's converter writes for it
/// (docs/FORMATS.md §9). Every setting the forward pass depends on is either translated or checked to be the one
/// saescope runs; anything else (another architecture, activation, RoPE type, layer pattern, a quantized checkpoint)
/// is refused with one line naming it.
struct FolderConfig {
    /// The family.
    let architecture: ModelArchitecture
    /// Metadata under GGUF's keys.
    let metadata: [String: GGUFValue]
    /// Llama 3's per-frequency RoPE divisors, as the converter writes them into `rope_freqs.weight`.
    let ropeFrequencyFactors: [Float]?
    /// Width of one attention head.
    let headDim: Int
    /// Number of query heads.
    let headCount: Int
    /// Whether the output head is the embedding (`tie_word_embeddings`, true unless the config says otherwise).
    let tiesEmbeddings: Bool

    /// The Hugging Face `model_type` of each family saescope runs.
    static let modelTypes: [String: ModelArchitecture] = [
        "llama": .llama, "gemma2": .gemma2, "gemma3_text": .gemma3, "gemma3": .gemma3, "gpt2": .gpt2,
        "gpt_neox": .gptneox, "qwen2": .qwen2, "qwen3": .qwen3,
    ]

    /// Reads and checks `config.json` at `path`.
    init(path: String) throws {
        var config = try JSONConfig(path: path)
        guard !config.has("quantization_config") else {
            throw InputError(path, "is a quantized checkpoint (quantization_config); saescope runs F32, F16 and BF16 weights")
        }
        if let text = try config.object("text_config") { config = text }
        let modelType = try config.string("model_type") ?? ""
        guard let architecture = Self.modelTypes[modelType] else {
            let known = Self.modelTypes.keys.sorted().joined(separator: ", ")
            throw InputError(path, "model_type '\(modelType)' is not supported (saescope runs \(known))")
        }
        self.architecture = architecture
        let names = FieldNames(architecture)
        func required(_ key: String) throws -> Int {
            guard let value = try config.int(key), value > 0, value <= 1 << 20 else {
                throw InputError(path, config.has(key) ? "'\(key)' is not a sensible positive integer" : "has no '\(key)'")
            }
            return value
        }
        let width = try required(names.width), layers = try required(names.layers), heads = try required(names.heads)
        let kvHeads = try config.int("num_key_value_heads") ?? heads
        let headDim = try config.int("head_dim") ?? width / max(heads, 1)
        self.headDim = headDim
        headCount = heads
        let ffn = try config.int(names.ffn) ?? (architecture == .gpt2 ? 4 * width : try required(names.ffn))
        let context = try config.int(names.context) ?? 2048
        let prefix = architecture.rawValue
        var metadata: [String: GGUFValue] = [
            "general.architecture": .string(prefix),
            "\(prefix).block_count": .uint(UInt64(layers)), "\(prefix).embedding_length": .uint(UInt64(width)),
            "\(prefix).feed_forward_length": .uint(UInt64(ffn)), "\(prefix).attention.head_count": .uint(UInt64(heads)),
            "\(prefix).attention.head_count_kv": .uint(UInt64(max(kvHeads, 0))),
            "\(prefix).attention.key_length": .uint(UInt64(max(headDim, 0))),
            "\(prefix).context_length": .uint(UInt64(max(context, 0))),
        ]
        if let epsilon = try config.double(names.epsilon) {
            let key = [.gpt2, .gptneox].contains(architecture) ? "layer_norm_epsilon" : "layer_norm_rms_epsilon"
            metadata["\(prefix).attention.\(key)"] = .float(epsilon)
        }
        try Self.checkActivation(config, architecture, path)
        let rope = try FolderRope(config: config, architecture: architecture, headDim: headDim, path: path)
        for (key, value) in rope.metadata { metadata["\(prefix).\(key)"] = value }
        ropeFrequencyFactors = rope.frequencyFactors
        switch architecture {
        case .gemma2, .gemma3:
            try Self.gemmaKeys(config, architecture, layers: layers, width: width, heads: heads, headDim: headDim,
                               path: path, into: &metadata)
        case .gptneox:
            metadata["\(prefix).use_parallel_residual"] = .bool(try config.bool("use_parallel_residual") ?? true)
        default: break
        }
        tiesEmbeddings = try config.bool("tie_word_embeddings") ?? true
        self.metadata = metadata
    }

    /// The `config.json` keys of the shared hyperparameters, which GPT-2 names its own way.
    private struct FieldNames {
        let width, layers, heads, ffn, context, epsilon: String

        init(_ architecture: ModelArchitecture) {
            switch architecture {
            case .gpt2:
                (width, layers, heads, ffn, context, epsilon) = ("n_embd", "n_layer", "n_head", "n_inner", "n_positions", "layer_norm_epsilon")
            case .gptneox:
                (width, layers, heads, ffn, context, epsilon) = ("hidden_size", "num_hidden_layers", "num_attention_heads",
                                                                "intermediate_size", "max_position_embeddings", "layer_norm_eps")
            default:
                (width, layers, heads, ffn, context, epsilon) = ("hidden_size", "num_hidden_layers", "num_attention_heads",
                                                                "intermediate_size", "max_position_embeddings", "rms_norm_eps")
            }
        }
    }

    /// Refuses an MLP activation other than the family's own.
    private static func checkActivation(_ config: JSONConfig, _ architecture: ModelArchitecture, _ path: String) throws {
        let (key, accepted): (String, Set<String>)
        switch architecture {
        case .llama, .qwen2, .qwen3: (key, accepted) = ("hidden_act", ["silu"])
        case .gemma2, .gemma3:
            (key, accepted) = (config.has("hidden_activation") ? "hidden_activation" : "hidden_act", ["gelu_pytorch_tanh"])
        case .gpt2: (key, accepted) = ("activation_function", ["gelu_new", "gelu_pytorch_tanh"])
        case .gptneox: (key, accepted) = ("hidden_act", ["gelu"])
        }
        guard let name = try config.string(key) else { return }
        guard accepted.contains(name) else {
            throw InputError(path, "\(key) '\(name)' is not supported for \(architecture.rawValue) (saescope runs \(accepted.sorted().joined(separator: ", ")))")
        }
    }

    /// Gemma's soft caps, sliding window, local RoPE base and layer pattern, checked against the design saescope
    /// runs (Gemma 2: every other layer local, the first among them; Gemma 3: five local layers per global one).
    private static func gemmaKeys(_ config: JSONConfig, _ architecture: ModelArchitecture, layers: Int, width: Int,
                                  heads: Int, headDim: Int, path: String, into metadata: inout [String: GGUFValue]) throws {
        let prefix = architecture.rawValue
        for key in ["attn_logit_softcapping", "final_logit_softcapping"] {
            if let cap = try config.double(key) { metadata["\(prefix).\(key)"] = .float(cap) }
        }
        if architecture == .gemma3, config.has("attn_logit_softcapping") {
            throw InputError(path, "attn_logit_softcapping is not supported for gemma3")
        }
        if let window = try config.int("sliding_window") { metadata["\(prefix).attention.sliding_window"] = .uint(UInt64(max(window, 1))) }
        let period = architecture == .gemma2 ? 2 : 6
        if let pattern = try config.int("sliding_window_pattern"), pattern != period {
            throw InputError(path, "sliding_window_pattern \(pattern) is not supported for \(prefix) (saescope runs \(period))")
        }
        if let types = try config.array("layer_types") {
            let expected = (0..<layers).map { ($0 + 1) % period == 0 ? "full_attention" : "sliding_attention" }
            guard types.compactMap({ $0 as? String }) == expected else {
                throw InputError(path, "layer_types is not the pattern saescope runs for \(prefix) (one full_attention layer in every \(period), last)")
            }
        }
        if try config.bool("use_bidirectional_attention") == true {
            throw InputError(path, "use_bidirectional_attention is not supported (saescope runs causal attention)")
        }
        // The design scales queries by 1/√headDim (Gemma 2's 46-layer model: 1/√(width/heads)); the config says which.
        if let scalar = try config.double("query_pre_attn_scalar") {
            let expected = architecture == .gemma2 && layers == 46 ? Double(width / heads) : Double(headDim)
            guard scalar == expected else {
                throw InputError(path, "query_pre_attn_scalar \(scalar) is not supported for \(prefix) (saescope runs \(expected) for this shape)")
            }
        }
    }
}
