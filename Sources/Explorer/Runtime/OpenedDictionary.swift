import SAEKit

/// One dictionary as the explorer opens it: its weights and name, its feature index, and the model reading its hook
/// point (for the heatmap and steering), or why there is none.
package struct OpenedDictionary: Sendable {
    package var dictionary: SparseDictionary
    package var name: String
    package var index: FeatureIndex?
    /// Encodes heatmap text at this dictionary's hook point.
    package var activations: ActivationSource?
    /// Steers generation through this dictionary.
    package var steering: SteeringSource?
    /// Attributes the model's logits to this dictionary's features.
    package var attribution: AttributionSource?
    /// What the status line says when there is no model for it.
    package var noModelReason: String?
    /// The dictionary's identity (`DictionaryIdentity`), under which the user's annotations and imported labels are
    /// filed: the one its index records, or one computed when there is no index.
    package var identity: String?
    /// The last `saescope eval` figures (the user's own, else those its index shipped with).
    package var evaluation: RecordedEvaluation?

    /// `dictionary`, shown as `name`; see the properties.
    package init(_ dictionary: SparseDictionary, name: String, index: FeatureIndex? = nil, activations: ActivationSource? = nil,
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
