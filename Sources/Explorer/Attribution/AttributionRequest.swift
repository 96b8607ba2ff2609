/// An attribution to compute: the heatmap text up to one of its tokens, and the token whose logit after it is
/// explained (typed, or by default the text's next token, or the model's prediction at the end of the text).
package struct AttributionRequest: Equatable, Sendable {
    /// Identifies the request, so that a superseded or cancelled one's result is dropped.
    package var run: Int
    package var text: String
    /// The token (in the heatmap's tokens, the model's first token included) after which the target is predicted.
    package var position: Int
    /// The target as typed; nil for the default.
    package var target: String?

    /// A request; see the properties.
    package init(run: Int, text: String, position: Int, target: String?) {
        self.run = run
        self.text = text
        self.position = position
        self.target = target
    }
}

/// What an attribution found: the target, and each active feature's exact and linear effect on its logit.
package struct AttributionResult: Equatable, Sendable {
    /// The text of the token the target follows.
    package var after: String
    /// The target token's text.
    package var target: String
    /// Where the target came from: "typed", "the text's next token" or "the model's prediction".
    package var targetSource: String
    package var targetLogit: Float
    /// Spearman rank correlation of the exact and linear effects.
    package var rankAgreement: Double
    /// The active features, largest exact effect first.
    package var entries: [Entry]

    /// One active feature's effects on the target logit.
    package struct Entry: Equatable, Sendable {
        package var feature: Int
        package var activation: Float
        /// The target logit with the feature minus with it ablated (the rest of the model run again).
        package var exact: Float
        /// The linear estimate of the same, on the direct path.
        package var linear: Float

        /// An entry; see the properties.
        package init(feature: Int, activation: Float, exact: Float, linear: Float) {
            self.feature = feature
            self.activation = activation
            self.exact = exact
            self.linear = linear
        }
    }

    /// A result; see the properties.
    package init(after: String, target: String, targetSource: String, targetLogit: Float, rankAgreement: Double, entries: [Entry]) {
        self.after = after
        self.target = target
        self.targetSource = targetSource
        self.targetLogit = targetLogit
        self.rankAgreement = rankAgreement
        self.entries = entries
    }
}
