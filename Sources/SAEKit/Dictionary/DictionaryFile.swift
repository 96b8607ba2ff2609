/// A dictionary opened from disk but not yet made into matrices: its configuration, statistics and stored tensors.
///
/// Opening reads only headers, so `info` on a million-feature dictionary is instant; `load()` builds the
/// `SparseDictionary` (float32 tensors are borrowed from the mapped file, others converted).
public struct DictionaryFile {
    /// The path the user gave.
    public let path: String
    /// Architecture, sizes, hook point (and the model it was trained on, filled from SAELens's registry for a
    /// `saelens:` name whose files do not say).
    public internal(set) var config: DictionaryConfig
    /// Firing statistics when the file carries them.
    public let statistics: FeatureStatistics?
    /// The weights, by role.
    let weights: DictionaryWeights
    /// Whether only the weights' headers were read (a dictionary on the Hub described without downloading them):
    /// shapes and types are known, values are not, and `load()` refuses.
    public internal(set) var weightsAbsent = false

    /// Checks every tensor's shape against `config`, naming the field and tensor that disagree.
    init(path: String, config: DictionaryConfig, statistics: FeatureStatistics?, weights: DictionaryWeights) throws {
        self.path = path
        self.config = config
        self.statistics = statistics
        self.weights = weights
        try validate()
    }

    /// Whether the dictionary is a skip transcoder (has W_skip).
    public var hasSkipConnection: Bool { weights.skip != nil }

    /// The JumpReLU thresholds, when the dictionary has them (read without loading the other weights) and they were
    /// downloaded.
    public var thresholds: [Float]? { weightsAbsent ? nil : weights.threshold?.floats() }

    /// Builds the dictionary, applying any scale folds the format needs.
    public func load() throws -> SparseDictionary {
        guard !weightsAbsent else { throw InputError(path, "only its weights' headers were read; open it by its name to download them") }
        var encoder = weights.encoder.matrix()
        var decoder = weights.decoder.matrix()
        var decoderBias = weights.decoderBias.floats()
        if let s = weights.inputScaleToFold {
            encoder = encoder.copy()
            decoder = decoder.copy()
            for i in 0..<encoder.count { encoder.base[i] *= s }
            for i in 0..<decoder.count { decoder.base[i] /= s }
            decoderBias = decoderBias.map { $0 / s }
        }
        let gated = weights.gatedMagnitude.map { (scale: $0.logScale.floats().map { expf($0) }, bias: $0.bias.floats()) }
        var activationScale = weights.activationScale?.floats()
        if let scale = activationScale, scale.allSatisfy({ $0 == 1 }) { activationScale = nil }
        var skip = weights.skip?.matrix()
        if let stored = skip, weights.skipIsInputMajor { skip = stored.transposed() }
        return SparseDictionary(
            config: config, encoder: encoder, encoderIsFeatureMajor: weights.encoderIsFeatureMajor, decoder: decoder,
            encoderBias: weights.encoderBias?.floats() ?? [Float](repeating: 0, count: config.dSAE),
            decoderBias: decoderBias, threshold: weights.threshold?.floats(), gatedMagnitude: gated,
            activationScale: activationScale, skip: skip, statistics: statistics)
    }

    private func validate() throws {
        let dIn = config.dIn, dSAE = config.dSAE, dOut = config.dOut
        guard dIn > 0, dSAE > 0, dOut > 0 else {
            throw InputError(path, "d_in (\(dIn)), d_sae (\(dSAE)) and d_out (\(dOut)) must be positive")
        }
        func expect(_ tensor: StoredTensor?, _ shape: [Int], _ field: String) throws {
            guard let tensor else { return }
            let matches = tensor.shape == shape || (shape.count == 1 && tensor.shape == [1, shape[0]])
            guard matches else {
                throw InputError(path, "\(field) but tensor '\(tensor.name)' has shape \(tensor.shape), expected \(shape)")
            }
        }
        let sizes = "d_in = \(dIn), d_sae = \(dSAE)"
        let outputSizes = config.isTranscoder ? "d_sae = \(dSAE), d_out = \(dOut)" : sizes
        try expect(weights.encoder, weights.encoderIsFeatureMajor ? [dSAE, dIn] : [dIn, dSAE], sizes)
        try expect(weights.decoder, [dSAE, dOut], outputSizes)
        try expect(weights.skip, weights.skipIsInputMajor ? [dIn, dOut] : [dOut, dIn], "d_in = \(dIn), d_out = \(dOut)")
        if config.isTranscoder && config.applyDecoderBiasToInput {
            throw InputError(path, "is a transcoder, whose b_dec (d_out wide) cannot be subtracted from its input")
        }
        if weights.skip != nil && !config.isTranscoder {
            throw InputError(path, "has a skip connection but is not a transcoder")
        }
        try expect(weights.encoderBias, [dSAE], "d_sae = \(dSAE)")
        try expect(weights.decoderBias, [dOut], config.isTranscoder ? "d_out = \(dOut)" : "d_in = \(dIn)")
        try expect(weights.threshold, [dSAE], "d_sae = \(dSAE)")
        try expect(weights.gatedMagnitude?.logScale, [dSAE], "d_sae = \(dSAE)")
        try expect(weights.gatedMagnitude?.bias, [dSAE], "d_sae = \(dSAE)")
        try expect(weights.activationScale, [dSAE], "d_sae = \(dSAE)")
        for (name, values) in [("density", statistics?.density), ("max activation", statistics?.maxActivation),
                               ("mean activation", statistics?.meanActivation)] {
            if let values, values.count != dSAE {
                throw InputError(path, "d_sae = \(dSAE) but the feature \(name) statistics have \(values.count) entries")
            }
        }
        switch config.architecture {
        case .jumprelu where weights.threshold == nil:
            throw InputError(path, "architecture jumprelu needs a 'threshold' tensor")
        case .gated where weights.gatedMagnitude == nil:
            throw InputError(path, "architecture gated needs 'r_mag' and 'b_mag' tensors")
        case .gated where weights.encoderBias == nil:
            throw InputError(path, "architecture gated needs a 'b_gate' tensor")
        case .topk, .groupmax:
            guard let k = config.k, k > 0, k <= dSAE else {
                throw InputError(path, "architecture \(config.architecture.rawValue) needs k between 1 and d_sae (\(dSAE)), got \(config.k.map(String.init) ?? "none")")
            }
            if config.architecture == .groupmax && dSAE % k != 0 {
                throw InputError(path, "groupmax needs d_sae (\(dSAE)) divisible by k (\(k))")
            }
        default:
            break
        }
    }
}

/// The stored tensors of a dictionary by role, and the object that keeps their bytes alive.
struct DictionaryWeights {
    var encoder: StoredTensor
    var encoderIsFeatureMajor = false
    var decoder: StoredTensor
    var encoderBias: StoredTensor?
    var decoderBias: StoredTensor
    var threshold: StoredTensor?
    var gatedMagnitude: (logScale: StoredTensor, bias: StoredTensor)?
    var activationScale: StoredTensor?
    /// A skip transcoder's affine connection: [d_out, d_in] (SAELens's W_skip), or [d_in, d_out] when `skipIsInputMajor`
    /// (Gemma Scope 2's `affine_skip_connection`).
    var skip: StoredTensor?
    var skipIsInputMajor = false
    /// A dataset-level input scale to fold into the weights (SAELens `expected_average_only_in`).
    var inputScaleToFold: Float?
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
