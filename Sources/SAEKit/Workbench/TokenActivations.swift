/// A feature and its activation on one token.
public struct FeatureValue: Equatable, Sendable {
    public var feature: Int
    public var value: Float

    /// `feature` active at `value`.
    public init(feature: Int, value: Float) {
        self.feature = feature
        self.value = value
    }
}

/// One token of a text: its bytes (maybe part of a character) and the features active on it, strongest first.
public struct EncodedToken: Equatable, Sendable {
    public var bytes: [UInt8]
    public var features: [FeatureValue]

    /// A token of `bytes` on which `features` fire.
    public init(bytes: [UInt8], features: [FeatureValue]) {
        self.bytes = bytes
        self.features = features
    }

    /// The activation of `feature` on this token (0 when it does not fire).
    public func value(of feature: Int) -> Float {
        features.first { $0.feature == feature }?.value ?? 0
    }
}

/// A text's tokens and the model's activations on them at the dictionary's hook point.
public struct TokenActivations {
    /// Each token's id, in order.
    public var ids: [Int]
    /// Each token's bytes, in order (a token may hold part of a character; a special token shows its literal text).
    public var tokens: [[UInt8]]
    /// One row per token, d_in columns.
    public var activations: Matrix
    /// How many tokens the whole text has, when only the first `tokens.count` were run (the model's context).
    public var fullLength: Int?

    /// Tokens and their activation rows (as many rows as tokens), the first of `fullLength` when the text was cut.
    public init(ids: [Int] = [], tokens: [[UInt8]], activations: Matrix, fullLength: Int? = nil) {
        precondition(tokens.count == activations.rows, "one activation row per token")
        self.ids = ids
        self.tokens = tokens
        self.activations = activations
        self.fullLength = fullLength
    }

    /// Each token with the features of `dictionary` active on it, strongest first (d_in must match).
    public func encoded(through dictionary: SparseDictionary) -> [EncodedToken] {
        let codes = dictionary.encode(activations)
        return tokens.indices.map { index in
            EncodedToken(bytes: tokens[index], features: codes.row(index).map { FeatureValue(feature: $0.feature, value: $0.value) })
        }
    }
}
