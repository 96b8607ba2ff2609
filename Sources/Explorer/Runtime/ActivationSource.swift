import SAEKit

/// A text's tokens and the model's activations on them at the dictionary's hook point.
public struct TokenActivations {
    /// Each token's bytes, in order (a token may hold part of a character).
    public var tokens: [[UInt8]]
    /// One row per token, d_in columns.
    public var activations: Matrix
    /// How many tokens the whole text has, when only the first `tokens.count` were run (the model's context).
    public var fullLength: Int?

    /// Tokens and their activation rows (as many rows as tokens), the first of `fullLength` when the text was cut.
    public init(tokens: [[UInt8]], activations: Matrix, fullLength: Int? = nil) {
        precondition(tokens.count == activations.rows, "one activation row per token")
        self.tokens = tokens
        self.activations = activations
        self.fullLength = fullLength
    }
}

extension TokenActivations {
    /// Each token with the features of `dictionary` active on it, strongest first (d_in must match).
    public func encoded(through dictionary: SparseDictionary) -> [EncodedToken] {
        let codes = dictionary.encode(activations)
        return tokens.indices.map { index in
            EncodedToken(bytes: tokens[index], features: codes.row(index).map { FeatureValue(feature: $0.feature, value: $0.value) })
        }
    }
}

/// What the heatmap needs from a language model: text in, per-token activations at the hook point out.
public protocol ActivationSource: AnyObject, Sendable {
    /// The model's name, for the status line.
    var name: String { get }
    /// Tokenizes `text`, runs the model to the hook point, and returns the tokens and their activations.
    func activations(of text: String) throws -> TokenActivations
}
