/// How a dictionary turns encoder pre-activations into feature activations.
public enum Architecture: String, Sendable, CaseIterable {
    /// ReLU(x·W_enc + b_enc).
    case standard
    /// ReLU(pre) where pre > threshold (strictly).
    case jumprelu
    /// The k largest pre-activations, ReLU'd; everything else zero.
    case topk
    /// A gate path decides which features fire; a magnitude path (shared W_enc, scaled by exp(r_mag)) sets how much.
    case gated
    /// sparsify's "groupmax": the maximum of ReLU(pre) within each of k equal contiguous groups.
    case groupmax
}

/// Per-token input normalisation applied before encoding and undone after decoding.
public enum InputNormalization: String, Sendable {
    /// Inputs are used as they are.
    case none
    /// x·sqrt(d_in)/‖x‖ in, divided by the same factor out.
    case constantNormRescale = "constant_norm_rescale"
    /// (x − mean)/(std + 1e-5) in (unbiased std), ·std + mean out.
    case layerNorm = "layer_norm"
}

/// The file layout a dictionary came from.
public enum DictionaryFormat: String, Sendable {
    case saelens = "SAELens"
    case sparsify = "sparsify"
    case gemmaScope = "Gemma Scope"
    case saescope = "saescope"
}

/// Everything about a dictionary except its weights: architecture, sizes, where it reads the model.
public struct DictionaryConfig: Sendable, Equatable {
    /// The layout the dictionary was read from.
    public var format: DictionaryFormat
    /// The activation function family.
    public var architecture: Architecture
    /// Width of the input (the model's residual stream).
    public var dIn: Int
    /// Number of features.
    public var dSAE: Int
    /// k for top-k and group-max dictionaries.
    public var k: Int?
    /// Top-k only: multiply pre-activations by decoder row norms before selecting.
    public var rescaleActsByDecoderNorm = false
    /// Subtract b_dec from the input before encoding.
    public var applyDecoderBiasToInput = true
    /// Runtime input normalisation.
    public var normalization = InputNormalization.none
    /// Whether each input is centred (its mean across d_in subtracted) before the normalisation, and the mean added
    /// back to the reconstruction: a dictionary trained on a TransformerLens model loaded with
    /// `center_writing_weights`, whose LayerNorm model's residual stream then has zero mean at every position.
    public var centersInput = false
    /// The hook point it reads, e.g. `blocks.6.hook_resid_post`.
    public var hookName: String?
    /// A transcoder's output hook, where its reconstruction stands in (e.g. `blocks.6.hook_mlp_out`); nil for an
    /// autoencoder, which reconstructs what it reads.
    public var outputHookName: String?
    /// A transcoder's output width (d_out); nil for an autoencoder.
    public var outputWidth: Int?
    /// The model the dictionary was trained on.
    public var modelName: String?
    /// The element type the weights are stored in (e.g. F32, F16, BF16).
    public var storedType: String = "F32"
    /// Things a user should know about how the file was read (folded scales, ignored fields).
    public var notes: [String] = []

    /// A configuration with the required fields; the rest take their defaults.
    public init(format: DictionaryFormat, architecture: Architecture, dIn: Int, dSAE: Int, k: Int? = nil) {
        self.format = format
        self.architecture = architecture
        self.dIn = dIn
        self.dSAE = dSAE
        self.k = k
    }

    /// Whether the dictionary maps one activation to another (a transcoder) rather than reconstructing its input.
    public var isTranscoder: Bool { outputWidth != nil }
    /// Width of the reconstruction: d_out for a transcoder, d_in otherwise.
    public var dOut: Int { outputWidth ?? dIn }

    /// The layer number in `hookName` (`blocks.{L}.…`), if it has one.
    public var hookLayer: Int? {
        guard let hookName, hookName.hasPrefix("blocks.") else { return nil }
        return Int(hookName.dropFirst(7).prefix { $0.isNumber })
    }
}
