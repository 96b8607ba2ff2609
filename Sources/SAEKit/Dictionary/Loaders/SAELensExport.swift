import Foundation

/// Writes any dictionary saescope opens as a SAELens (v6) folder: `cfg.json`, `sae_weights.safetensors` in SAELens's
/// layout (W_enc [d_in, d_sae], W_dec [d_sae, d_in]) and, with firing statistics, `sparsity.safetensors`, so that
/// SAELens's `SAE.load_from_disk` encodes as saescope does.
public enum SAELensExport {
    /// The SAELens version whose layout is written (the v6 config, read by every 6.x).
    public static let sparseAutoencoderVersion = "6.0.0"

    /// What the export changed from the dictionary as it was read, one line each (nothing when it is written as is).
    public static func notes(for dictionary: SparseDictionary) -> [String] {
        var notes: [String] = []
        if dictionary.activationScale != nil {
            notes.append("the per-feature scaling factor is folded into W_dec (SAELens 6 has none): encodings are unchanged, decoder norms are scaled")
        }
        return notes
    }

    /// SAELens's name for the architecture: the activation function's, or for a transcoder one of `transcoder`,
    /// `skip_transcoder`, `jumprelu_transcoder`, `jumprelu_skip_transcoder`.
    private static func architectureName(_ dictionary: SparseDictionary, _ directory: String) throws -> String {
        let config = dictionary.config
        guard config.isTranscoder else { return config.architecture.rawValue }
        guard [.standard, .jumprelu].contains(config.architecture) else {
            throw InputError(directory, "a \(config.architecture.rawValue) transcoder has no SAELens architecture to be written as")
        }
        return (config.architecture == .jumprelu ? "jumprelu_" : "") + (dictionary.skip != nil ? "skip_" : "") + "transcoder"
    }

    /// Writes `dictionary` (with `statistics`, default its own) into the folder `directory`, created if needed; the
    /// files are written atomically, so a crash never leaves a half-written one.
    public static func write(_ dictionary: SparseDictionary, statistics: FeatureStatistics? = nil, to directory: String) throws {
        let config = dictionary.config
        guard config.architecture != .groupmax else {
            throw InputError(directory, "a groupmax dictionary has no SAELens architecture to be written as")
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var cfg: [String: Any] = [
            "architecture": try architectureName(dictionary, directory), "d_in": config.dIn, "d_sae": config.dSAE, "dtype": "float32",
            "device": "cpu", "apply_b_dec_to_input": config.applyDecoderBiasToInput,
            "normalize_activations": config.normalization.rawValue, "reshape_activations": "none",
        ]
        if config.architecture == .topk {
            cfg["k"] = config.k ?? 0
            cfg["rescale_acts_by_decoder_norm"] = config.rescaleActsByDecoderNorm
        }
        var metadata: [String: Any] = ["sae_lens_version": sparseAutoencoderVersion, "sae_lens_training_version": sparseAutoencoderVersion,
                                       "exported_by": "saescope", "exported_from": config.format.rawValue]
        if let hook = config.hookName { metadata["hook_name"] = hook }
        if config.isTranscoder {
            cfg["d_out"] = config.dOut
            if let hook = config.outputHookName { metadata["hook_name_out"] = hook }
        }
        if let model = config.modelName { metadata["model_name"] = model }
        if config.centersInput { metadata["model_from_pretrained_kwargs"] = ["center_writing_weights": true] }
        cfg["metadata"] = metadata
        let json = try JSONSerialization.data(withJSONObject: cfg, options: [.prettyPrinted, .sortedKeys])
        try json.write(to: URL(fileURLWithPath: directory + "/cfg.json"), options: .atomic)

        var weights = SafetensorsWriter()
        let encoder = dictionary.encoderIsFeatureMajor ? dictionary.encoder.transposed() : dictionary.encoder
        weights.add("W_enc", shape: [config.dIn, config.dSAE], values: encoder.toArray())
        var decoder = dictionary.decoder.toArray()
        if let scale = dictionary.activationScale {
            for feature in 0..<config.dSAE {
                for i in 0..<config.dOut { decoder[feature * config.dOut + i] *= scale[feature] }
            }
        }
        weights.add("W_dec", shape: [config.dSAE, config.dOut], values: decoder)
        weights.add("b_dec", shape: [config.dOut], values: dictionary.decoderBias)
        if let skip = dictionary.skip { weights.add("W_skip", shape: [config.dOut, config.dIn], values: skip.toArray()) }
        if let gated = dictionary.gatedMagnitude {
            weights.add("b_gate", shape: [config.dSAE], values: dictionary.encoderBias)
            weights.add("r_mag", shape: [config.dSAE], values: gated.scale.map { logf($0) })
            weights.add("b_mag", shape: [config.dSAE], values: gated.bias)
        } else {
            weights.add("b_enc", shape: [config.dSAE], values: dictionary.encoderBias)
        }
        if let threshold = dictionary.threshold { weights.add("threshold", shape: [config.dSAE], values: threshold) }
        try weights.write(to: directory + "/sae_weights.safetensors")

        let sparsityPath = directory + "/sparsity.safetensors"
        if let density = (statistics ?? dictionary.statistics)?.density {
            // As SAELens's trainer writes it: log10 of the firing frequency plus 1e-10.
            var sparsity = SafetensorsWriter()
            sparsity.add("sparsity", shape: [config.dSAE], values: density.map { log10($0 + 1e-10) })
            try sparsity.write(to: sparsityPath)
        } else {
            try? FileManager.default.removeItem(atPath: sparsityPath)
        }
    }
}
