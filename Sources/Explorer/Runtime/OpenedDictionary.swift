import SAEKit

/// One dictionary as the explorer opens it: its weights and name, its feature index, and the model reading its hook
/// point (for the heatmap and steering), or why there is none.
public struct OpenedDictionary: Sendable {
    public var dictionary: SparseDictionary
    public var name: String
    public var index: FeatureIndex?
    /// Encodes heatmap text at this dictionary's hook point.
    public var activations: ActivationSource?
    /// Steers generation through this dictionary.
    public var steering: SteeringSource?
    /// Attributes the model's logits to this dictionary's features.
    public var attribution: AttributionSource?
    /// What the status line says when there is no model for it.
    public var noModelReason: String?
    /// The dictionary's identity (`DictionaryIdentity`), under which the user's annotations and imported labels are
    /// filed: the one its index records, or one computed when there is no index.
    public var identity: String?
    /// The last `saescope eval` figures (the user's own, else those its index shipped with).
    public var evaluation: RecordedEvaluation?

    /// `dictionary`, shown as `name`; see the properties.
    public init(_ dictionary: SparseDictionary, name: String, index: FeatureIndex? = nil, activations: ActivationSource? = nil,
                steering: SteeringSource? = nil, attribution: AttributionSource? = nil, noModelReason: String? = nil) {
        self.dictionary = dictionary
        self.name = name
        self.index = index
        self.activations = activations
        self.steering = steering
        self.attribution = attribution
        self.noModelReason = noModelReason
        identity = index?.metadata["dictionary_id"]
    }
}
