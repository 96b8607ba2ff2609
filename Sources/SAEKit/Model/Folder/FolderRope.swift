import Foundation

/// A folder config's RoPE settings in either form transformers writes (`rope_theta` with `rope_scaling`, or
/// transformers 5's `rope_parameters`, which Gemma 3 nests by layer type), as GGUF's `rope.…` keys. Linear scaling and
/// Llama 3's are translated (Llama 3's into the per-frequency divisors the converter writes as `rope_freqs.weight`);
/// any other rope type is refused.
struct FolderRope {
    /// `rope.freq_base`, `rope.freq_base_swa`, `rope.dimension_count`, `rope.scaling.type`, `rope.scaling.factor`.
    private(set) var metadata: [String: GGUFValue] = [:]
    /// Llama 3's divisors, one per rotated pair.
    private(set) var frequencyFactors: [Float]?

    init(config: JSONConfig, architecture: ModelArchitecture, headDim: Int, path: String) throws {
        guard architecture != .gpt2 else { return }
        var global = try config.object("rope_scaling")
        var base = try config.double("rope_theta")
        var localBase = try config.double("rope_local_base_freq")
        if let parameters = try config.object("rope_parameters") {
            if let full = try parameters.object("full_attention") {
                global = full
                localBase = try parameters.object("sliding_attention")?.double("rope_theta") ?? localBase
            } else {
                global = parameters
            }
            base = try global?.double("rope_theta") ?? base
        }
        if architecture == .gptneox { base = try config.double("rotary_emb_base") ?? base }
        if let base { metadata["rope.freq_base"] = .float(base) }
        if let localBase { metadata["rope.freq_base_swa"] = .float(localBase) }
        if architecture == .gptneox {
            let fraction = try config.double("partial_rotary_factor") ?? config.double("rotary_pct") ?? 1
            metadata["rope.dimension_count"] = .uint(UInt64(max(0, Int(Double(headDim) * fraction))))
        }
        guard let global else { return }
        let type = try global.string("rope_type") ?? global.string("type") ?? "default"
        switch type {
        case "default": return
        case "linear":
            guard let factor = try global.double("factor") else { throw InputError(path, "rope_scaling 'linear' has no factor") }
            metadata["rope.scaling.type"] = .string("linear")
            metadata["rope.scaling.factor"] = .float(factor)
        case "llama3" where architecture == .llama:
            frequencyFactors = try Self.llama3Factors(global, base: base ?? 10_000, headDim: headDim, path: path)
        default:
            throw InputError(path, "rope type '\(type)' is not supported for \(architecture.rawValue) (saescope runs default, linear and Llama 3's)")
        }
    }

    /// Llama 3's scaling as a divisor per frequency: 1 for wavelengths shorter than the original context over
    /// `high_freq_factor`, `factor` for those longer than it over `low_freq_factor`, and a smooth blend between.
    private static func llama3Factors(_ scaling: JSONConfig, base: Double, headDim: Int, path: String) throws -> [Float] {
        let factor = try scaling.double("factor") ?? 8, low = try scaling.double("low_freq_factor") ?? 1
        let high = try scaling.double("high_freq_factor") ?? 4
        let original = try scaling.double("original_max_position_embeddings") ?? 8192
        guard factor > 0, low > 0, high > low, original > 0 else {
            throw InputError(path, "rope_scaling 'llama3' has factors that do not describe a scaling (factor \(factor), low \(low), high \(high))")
        }
        let lowWavelength = original / low, highWavelength = original / high
        return stride(from: 0, to: headDim, by: 2).map { i in
            let frequency = 1 / Foundation.pow(base, Double(i) / Double(headDim))
            let wavelength = 2 * Double.pi / frequency
            if wavelength < highWavelength { return 1 }
            if wavelength > lowWavelength { return Float(factor) }
            let smooth = (original / wavelength - low) / (high - low)
            return Float(1 / ((1 - smooth) / factor + smooth))
        }
    }
}
