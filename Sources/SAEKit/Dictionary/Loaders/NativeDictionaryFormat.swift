import Foundation

/// saescope's own single-file dictionary format: a safetensors file whose `__metadata__` carries the configuration
/// (`format` = `saescope-dictionary`) and whose tensors include per-feature statistics.
public enum NativeDictionaryFormat {
    /// The `format` metadata value that marks the file.
    public static let marker = "saescope-dictionary"
    /// The format version written.
    public static let version = "1"

    /// Opens the dictionary file at `path`.
    static func open(_ path: String) throws -> DictionaryFile {
        let file = try SafetensorsFile(path: path)
        let meta = file.metadata
        guard meta["format"] == marker else { throw InputError(path, "is not a saescope dictionary (no format marker)") }
        guard meta["format_version"] == version else {
            throw InputError(path, "has format version \(meta["format_version"] ?? "none"); this saescope reads version \(version)")
        }
        func int(_ key: String) throws -> Int {
            guard let text = meta[key], let value = Int(text) else { throw InputError(path, "metadata '\(key)' is missing or not a number") }
            return value
        }
        guard let architecture = meta["architecture"].flatMap(Architecture.init(rawValue:)) else {
            throw InputError(path, "metadata 'architecture' is missing or unknown")
        }
        var config = DictionaryConfig(format: .saescope, architecture: architecture, dIn: try int("d_in"), dSAE: try int("d_sae"),
                                      k: meta["k"].flatMap { Int($0) })
        config.hookName = meta["hook_name"]
        config.modelName = meta["model"]
        config.applyDecoderBiasToInput = meta["apply_b_dec_to_input"] != "false"
        config.rescaleActsByDecoderNorm = meta["rescale_acts_by_decoder_norm"] == "true"
        config.centersInput = meta["centers_input"] == "true"
        if let name = meta["normalize_activations"] {
            guard let mode = InputNormalization(rawValue: name) else { throw InputError(path, "normalize_activations '\(name)' is unknown") }
            config.normalization = mode
        }
        var weights = DictionaryWeights(encoder: try file.tensor("W_enc"), decoder: try file.tensor("W_dec"),
                                        decoderBias: try file.tensor("b_dec"))
        config.storedType = weights.encoder.type.rawValue
        weights.encoderBias = file.tensors["b_enc"]
        weights.threshold = file.tensors["threshold"]
        if let scale = file.tensors["r_mag"], let bias = file.tensors["b_mag"] { weights.gatedMagnitude = (scale, bias) }
        let statistics = FeatureStatistics(density: file.tensors["feature_density"]?.floats(),
                                           maxActivation: file.tensors["feature_max_activation"]?.floats(),
                                           meanActivation: file.tensors["feature_mean_activation"]?.floats(),
                                           source: meta["statistics_source"])
        let hasStatistics = statistics.density != nil || statistics.maxActivation != nil || statistics.meanActivation != nil
        return try DictionaryFile(path: path, config: config, statistics: hasStatistics ? statistics : nil, weights: weights)
    }

    /// Writes `dictionary` (and `statistics`, if given) to `path` with weights as float32 or float16.
    public static func write(_ dictionary: SparseDictionary, statistics: FeatureStatistics? = nil, to path: String,
                             type: ElementType = .f32) throws {
        let config = dictionary.config
        guard !config.isTranscoder else { throw InputError(path, "saescope's own format holds autoencoders; write a transcoder as SAELens (export --format saelens)") }
        var writer = SafetensorsWriter()
        writer.metadata = [
            "format": marker, "format_version": version, "architecture": config.architecture.rawValue,
            "d_in": String(config.dIn), "d_sae": String(config.dSAE),
            "apply_b_dec_to_input": String(config.applyDecoderBiasToInput),
            "rescale_acts_by_decoder_norm": String(config.rescaleActsByDecoderNorm),
            "normalize_activations": config.normalization.rawValue,
        ]
        if config.centersInput { writer.metadata["centers_input"] = "true" }
        if let k = config.k { writer.metadata["k"] = String(k) }
        if let hook = config.hookName { writer.metadata["hook_name"] = hook }
        if let model = config.modelName { writer.metadata["model"] = model }
        let encoder = dictionary.encoderIsFeatureMajor ? dictionary.encoder.transposed() : dictionary.encoder
        writer.add("W_enc", shape: [config.dIn, config.dSAE], values: encoder.toArray(), type: type)
        writer.add("W_dec", shape: [config.dSAE, config.dIn], values: dictionary.decoder.toArray(), type: type)
        writer.add("b_dec", shape: [config.dIn], values: dictionary.decoderBias)
        writer.add("b_enc", shape: [config.dSAE], values: dictionary.encoderBias)
        if let threshold = dictionary.threshold { writer.add("threshold", shape: [config.dSAE], values: threshold) }
        if let gated = dictionary.gatedMagnitude {
            writer.add("r_mag", shape: [config.dSAE], values: gated.scale.map { logf($0) })
            writer.add("b_mag", shape: [config.dSAE], values: gated.bias)
        }
        let stats = statistics ?? dictionary.statistics
        if let density = stats?.density { writer.add("feature_density", shape: [config.dSAE], values: density) }
        if let maxima = stats?.maxActivation { writer.add("feature_max_activation", shape: [config.dSAE], values: maxima) }
        if let means = stats?.meanActivation { writer.add("feature_mean_activation", shape: [config.dSAE], values: means) }
        if let source = stats?.source { writer.metadata["statistics_source"] = source }
        try writer.write(to: path)
    }
}
