/// One stretch of text around a token where a feature fired, with the feature's activation at every token.
public struct FeatureExample: Codable, Sendable, Equatable {
    /// The token ids, in order.
    public var ids: [Int]
    /// The token texts, in order.
    public var tokens: [String]
    /// The feature's activation at each token.
    public var activations: [Float]
    /// The largest of `activations`.
    public var maxActivation: Float

    /// An example of `ids` (shown as `tokens`) with the feature's `activations`.
    public init(ids: [Int], tokens: [String], activations: [Float], maxActivation: Float) {
        self.ids = ids
        self.tokens = tokens
        self.activations = activations
        self.maxActivation = maxActivation
    }

    /// The position of the strongest activation (the first of equals), or nil for an empty example.
    public var peak: Int? { activations.indices.max { activations[$0] < activations[$1] } }
}

/// A token a feature's decoder direction pushes up or down, with the logit change per unit of activation.
public struct TokenEffect: Codable, Sendable, Equatable {
    /// The token's id.
    public var id: Int
    /// The token's text.
    public var token: String
    /// d(logit)/d(activation) through the final norm's weight and the unembedding.
    public var effect: Float

    /// Token `id` (shown as `token`) moved by `effect`.
    public init(id: Int, token: String, effect: Float) {
        self.id = id
        self.token = token
        self.effect = effect
    }
}

/// Another feature near this one by decoder cosine, as an imported index lists it.
public struct FeatureNeighbour: Codable, Sendable, Equatable {
    /// The neighbour's id.
    public var feature: Int
    /// The cosine of the two decoder directions.
    public var cosine: Float

    /// Feature `feature` at `cosine`.
    public init(feature: Int, cosine: Float) {
        self.feature = feature
        self.cosine = cosine
    }
}

/// Everything the index knows about one feature: its dashboard.
public struct FeatureRecord: Codable, Sendable, Equatable {
    /// The feature id.
    public var id: Int
    /// Fraction of held-out tokens on which it fires.
    public var density: Double
    /// Largest and mean (over firing tokens) activation.
    public var maxActivation: Float, meanActivation: Float
    /// Automatic label from the top-activating tokens.
    public var label: String
    /// The tokens it fires on most strongly, most frequent first.
    public var topTokens: [String]
    /// Counts of firing activations in equal bins over (0, maxActivation].
    public var histogram: [Int]
    /// The strongest examples, strongest first.
    public var topExamples: [FeatureExample]
    /// Examples drawn from activation quantiles (25th, 50th, 75th percentile of firing activations).
    public var quantileExamples: [FeatureExample]
    /// Tokens the decoder direction promotes and suppresses most.
    public var promoted: [TokenEffect], suppressed: [TokenEffect]
    /// The nearest features by decoder cosine as the index's source listed them (Neuronpedia's `topkCosSim`); nil
    /// for a built index, whose neighbours the dictionary gives.
    public var neighbours: [FeatureNeighbour]?

    /// A record with every field given.
    public init(id: Int, density: Double, maxActivation: Float, meanActivation: Float, label: String, topTokens: [String],
                histogram: [Int], topExamples: [FeatureExample], quantileExamples: [FeatureExample],
                promoted: [TokenEffect], suppressed: [TokenEffect], neighbours: [FeatureNeighbour]? = nil) {
        self.id = id
        self.density = density
        self.maxActivation = maxActivation
        self.meanActivation = meanActivation
        self.label = label
        self.topTokens = topTokens
        self.histogram = histogram
        self.topExamples = topExamples
        self.quantileExamples = quantileExamples
        self.promoted = promoted
        self.suppressed = suppressed
        self.neighbours = neighbours
    }
}
