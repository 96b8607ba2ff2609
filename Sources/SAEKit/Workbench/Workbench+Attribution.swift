/// Attribution: which active features move the logit of the token after a position.
extension Workbench {
    /// Which token's logit an attribution explains.
    public enum AttributionTarget: Sendable, Equatable {
        /// The token the user typed (it must be one token).
        case typed(String)
        /// The text's own next token when there is one, else the model's prediction.
        case following
        /// The model's greedy prediction.
        case prediction
    }

    /// An attribution with what it was about: the token it follows, the target and where that came from.
    public struct Attribution: Sendable {
        /// The features, largest exact effect first, with the target's id and logit.
        public var features: FeatureAttribution
        /// The text of the token the target follows.
        public var after: String
        /// The target token's text.
        public var target: String
        /// "typed", "the text's next token" or "the model's prediction".
        public var targetSource: String
    }

    /// Attributes the logit of `target` after token `position` of `ids` (as `tokenIDs` or `promptIDs` gave them) to
    /// the features active there, each ablated in turn through the rest of the model. The model's prediction is read
    /// from the attribution's own clean run, not from a pass of its own. `argument` names the target in errors;
    /// `shouldContinue(done, total)` stops the ablations with `CancellationError` when it says no.
    public func attribute(_ ids: [Int], at position: Int, target: AttributionTarget, argument: String = "--target",
                          shouldContinue: (_ done: Int, _ total: Int) -> Bool = { _, _ in true }) throws -> Attribution {
        let (model, site) = try requireModel()
        let tokenizer = model.tokenizer
        guard position >= 0, position < ids.count else { throw InputError("position", "\(position) is outside the text's \(ids.count) tokens") }
        let targetID: Int?, source: String
        switch target {
        case .typed(let typed):
            let encoded = tokenizer.encode(typed)
            guard encoded.count == 1 else {
                throw InputError(argument, "'\(typed)' is \(encoded.count) tokens; give one token (mind the leading space)")
            }
            (targetID, source) = (encoded[0], "typed")
        case .following where position + 1 < ids.count:
            (targetID, source) = (ids[position + 1], "the text's next token")
        case .following, .prediction:
            (targetID, source) = (nil, "the model's prediction")
        }
        let features = try FeatureAttribution(model: model, dictionary: dictionary, site: site, prompt: Array(ids[...position]),
                                              target: targetID, shouldContinue: shouldContinue)
        return Attribution(features: features, after: tokenizer.text(of: ids[position]), target: tokenizer.text(of: features.target),
                           targetSource: source)
    }
}
