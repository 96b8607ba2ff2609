import Foundation

/// Reads SAELens dictionary folders (`cfg.json`, `sae_weights.safetensors`, optional `sparsity.safetensors`),
/// in both the v6 and the v5-and-earlier config layouts, transcoders included (`transcoder`, `skip_transcoder`,
/// `jumprelu_transcoder`, `jumprelu_skip_transcoder`: `d_out`, `hook_name_out`, `W_skip`).
enum SAELensLoader {
    /// Whether `directory` looks like a SAELens dictionary.
    static func recognizes(_ directory: String) -> Bool {
        FileManager.default.fileExists(atPath: directory + "/cfg.json")
            && FileManager.default.fileExists(atPath: directory + "/sae_weights.safetensors")
    }

    /// Opens the dictionary in `directory`, with `overrides` (a SAELens release's `config_overrides`) replacing
    /// top-level keys of its cfg.json, as SAELens applies them.
    /// `modelName` stands in for a config that names no model (a `saelens:` release's registry entry).
    static func open(_ directory: String, overrides: [String: Any] = [:], modelName: String? = nil) throws -> DictionaryFile {
        var cfg = try JSONConfig(path: directory + "/cfg.json")
        cfg.fields.merge(overrides) { _, override in override }
        if try isPreV6(cfg) { cfg = try upgradedFromV5(cfg) }
        let metadata = try cfg.object("metadata")

        guard let architectureName = try cfg.string("architecture") else { throw InputError(cfg.path, "has no 'architecture'") }
        let transcoder = Transcoder(architectureName)
        guard let architecture = transcoder?.architecture ?? Architecture(rawValue: architectureName), architecture != .groupmax else {
            throw InputError(cfg.path, "architecture '\(architectureName)' is not supported (standard, jumprelu, topk, gated and the transcoders are)")
        }
        var config = DictionaryConfig(format: .saelens, architecture: architecture,
                                      dIn: try cfg.requiredInt("d_in"), dSAE: try cfg.requiredInt("d_sae"))
        config.k = try cfg.int("k")
        if architecture == .topk && config.k == nil { config.k = 100 }
        config.rescaleActsByDecoderNorm = try cfg.bool("rescale_acts_by_decoder_norm") ?? false
        config.applyDecoderBiasToInput = try cfg.bool("apply_b_dec_to_input") ?? true
        config.hookName = try cfg.string("hook_name") ?? metadata?.string("hook_name")
        if transcoder != nil {
            config.applyDecoderBiasToInput = false
            config.outputWidth = try cfg.requiredInt("d_out")
            config.outputHookName = try cfg.string("hook_name_out") ?? metadata?.string("hook_name_out")
            config.hookName = try config.hookName.map { try transcoderInput($0, cfg) }
            // SAELens 6.54 does not save a transcoder's output hook; one reading the MLP's input stands in for its output.
            if config.outputHookName == nil, let output = config.hookName.flatMap(HookPoint.mlpOutput(forInput:)) {
                config.outputHookName = output
                config.notes.append("the config names no output hook (hook_name_out): the transcoder writes \(output), the output of the MLP whose input it reads")
            }
        }
        config.modelName = try cfg.string("model_name") ?? metadata?.string("model_name") ?? modelName
        let modelKeywords = try cfg.object("model_from_pretrained_kwargs") ?? metadata?.object("model_from_pretrained_kwargs")
        if try modelKeywords?.bool("center_writing_weights") == true, Self.normalizesWithLayerNorm(config.modelName),
           Self.readsTheResidualStream(config.hookName) {
            config.centersInput = true
            config.notes.append("trained with TransformerLens's center_writing_weights: inputs are centred across d_in before encoding, the mean added back to the reconstruction")
        }
        config.storedType = try cfg.string("dtype") ?? "float32"
        if try cfg.string("reshape_activations") == "hook_z" {
            config.notes.append("hook_z dictionary: inputs are the flattened [n_heads·d_head] attention outputs")
        }

        let weightsFile = try SafetensorsFile(path: directory + "/sae_weights.safetensors")
        var inputScale: Float?
        switch try normalization(cfg) {
        case .runtime(let mode):
            config.normalization = mode
        case .datasetScale:
            inputScale = try expectedAverageScale(directory)
            config.notes.append(inputScale.map { "folded the dataset scaling factor \($0) from activation_scaler.json into the weights" }
                ?? "normalize_activations is expected_average_only_in but no activation_scaler.json gives the scale: inputs are used unscaled")
        }

        func tensor(_ name: String) throws -> StoredTensor { try weightsFile.tensor(name) }
        var weights = DictionaryWeights(encoder: try tensor("W_enc"), decoder: try tensor("W_dec"),
                                        decoderBias: try tensor("b_dec"))
        weights.inputScaleToFold = inputScale
        if architecture == .gated {
            weights.encoderBias = try tensor("b_gate")
            weights.gatedMagnitude = (try tensor("r_mag"), try tensor("b_mag"))
        } else {
            weights.encoderBias = try tensor("b_enc")
        }
        if architecture == .jumprelu { weights.threshold = try tensor("threshold") }
        if transcoder?.hasSkip == true { weights.skip = try tensor("W_skip") }
        weights.activationScale = weightsFile.tensors["scaling_factor"] ?? weightsFile.tensors["finetuning_scaling_factor"]
        config.storedType = weights.encoder.type.rawValue

        var statistics: FeatureStatistics?
        let sparsityPath = directory + "/sparsity.safetensors"
        if FileManager.default.fileExists(atPath: sparsityPath) {
            let sparsity = try SafetensorsFile(path: sparsityPath).tensor("sparsity")
            statistics = FeatureStatistics(density: FeatureStatistics.density(fromLog10Sparsity: sparsity.floats()))
        }
        return try DictionaryFile(path: directory, config: config, statistics: statistics, weights: weights)
    }

    /// A SAELens transcoder architecture: its activation function and whether it has a skip connection.
    private struct Transcoder {
        let architecture: Architecture
        let hasSkip: Bool

        /// Reads `transcoder`, `skip_transcoder`, `jumprelu_transcoder` or `jumprelu_skip_transcoder`; nil for others.
        init?(_ name: String) {
            switch name {
            case "transcoder": (architecture, hasSkip) = (.standard, false)
            case "skip_transcoder": (architecture, hasSkip) = (.standard, true)
            case "jumprelu_transcoder": (architecture, hasSkip) = (.jumprelu, false)
            case "jumprelu_skip_transcoder": (architecture, hasSkip) = (.jumprelu, true)
            default: return nil
            }
        }
    }

    /// A transcoder's input hook as saescope names it. SAELens names Gemma Scope 2's `blocks.{L}.hook_mlp_in` while
    /// `hf_hook_name` says it is the pre-MLP norm's output; that is `ln2.hook_normalized` (TransformerLens's
    /// `hook_mlp_in` is the un-normalised stream, which saescope does not hook).
    private static func transcoderInput(_ hook: String, _ cfg: JSONConfig) throws -> String {
        guard hook.hasSuffix(".hook_mlp_in"), let hf = try cfg.string("hf_hook_name"), hf.hasSuffix("layernorm.output") else { return hook }
        return String(hook.dropLast("hook_mlp_in".count)) + HookPoint.Kind.mlpInput.rawValue
    }

    /// Whether TransformerLens loads `modelName` with LayerNorm, the only normalisation for which it centres the
    /// writing weights (it ignores `center_writing_weights` for RMSNorm models): of the families saescope runs, GPT-2
    /// and GPT-NeoX (Pythia), by the repository the name stands for.
    private static func normalizesWithLayerNorm(_ modelName: String?) -> Bool {
        guard let repository = modelName.flatMap(HubModelNames.repository(for:))?.lowercased() else { return false }
        return ["gpt2", "pythia", "gpt-neox"].contains { repository.contains($0) }
    }

    /// Whether `hook` is the residual stream or a write into it (resid_pre/mid/post, attn_out, mlp_out): what
    /// `center_writing_weights` centres. Attention's z, q, k, v and the MLP's hidden layer are not.
    private static func readsTheResidualStream(_ hook: String?) -> Bool {
        guard let hook else { return false }
        return ["hook_resid_pre", "hook_resid_mid", "hook_resid_post", "hook_attn_out", "hook_mlp_out"].contains { hook.hasSuffix($0) }
    }

    /// A v5-or-earlier config: `sae_lens_version` missing (top level and in metadata) or below 6.
    private static func isPreV6(_ cfg: JSONConfig) throws -> Bool {
        let version = try cfg.string("sae_lens_version") ?? cfg.object("metadata")?.string("sae_lens_version")
        guard let version, let major = Int(version.prefix { $0.isNumber }) else { return true }
        return major < 6
    }

    /// Applies SAELens's own upgrade of an old config: key renames, defaults, and top-k from `activation_fn_kwargs`.
    private static func upgradedFromV5(_ old: JSONConfig) throws -> JSONConfig {
        var cfg = old
        for (from, to) in [("hook_point", "hook_name"), ("hook_point_layer", "hook_layer"),
                           ("hook_point_head_index", "hook_head_index"), ("activation_fn", "activation_fn_str")]
        where cfg.has(from) && !cfg.has(to) {
            cfg.fields[to] = cfg.fields[from]
        }
        if !cfg.has("apply_b_dec_to_input") { cfg.fields["apply_b_dec_to_input"] = true }
        if !cfg.has("architecture") { cfg.fields["architecture"] = "standard" }
        if try cfg.string("activation_fn_str") == "topk", let k = try cfg.object("activation_fn_kwargs")?.int("k") {
            cfg.fields["architecture"] = "topk"
            cfg.fields["k"] = k
        }
        if try cfg.string("hook_name")?.contains("hook_z") == true && !cfg.has("reshape_activations") {
            cfg.fields["reshape_activations"] = "hook_z"
        }
        return cfg
    }

    /// What `normalize_activations` asks for.
    private enum Normalization {
        /// A per-token normalisation done at run time.
        case runtime(InputNormalization)
        /// `expected_average_only_in`: one dataset-level scale, folded into the weights.
        case datasetScale
    }

    /// Reads `normalize_activations` (a string, or a bool in old configs; missing or null means none).
    private static func normalization(_ cfg: JSONConfig) throws -> Normalization {
        if let flag = try? cfg.bool("normalize_activations") { return flag == true ? .datasetScale : .runtime(.none) }
        guard let name = try cfg.string("normalize_activations") else { return .runtime(.none) }
        switch name {
        case "none": return .runtime(.none)
        case "expected_average_only_in": return .datasetScale
        case "constant_norm_rescale": return .runtime(.constantNormRescale)
        case "layer_norm": return .runtime(.layerNorm)
        default: throw InputError(cfg.path, "normalize_activations '\(name)' is not supported")
        }
    }

    /// The scale in `activation_scaler.json` (`{"scaling_factor": s}`), if the folder has one.
    private static func expectedAverageScale(_ directory: String) throws -> Float? {
        let path = directory + "/activation_scaler.json"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let scaler = try JSONConfig(path: path)
        guard let number = scaler.fields["scaling_factor"] as? NSNumber, number.doubleValue > 0 else {
            throw InputError(path, "has no positive 'scaling_factor'")
        }
        return number.floatValue
    }
}
