import SAEKit

/// What the attribution pane needs from a language model: the features behind the logit of a token after a
/// position of the heatmap text.
public protocol AttributionSource: AnyObject, Sendable {
    /// Attributes `request`'s target; `shouldContinue(done, total)` is asked as the ablations go and stops them with
    /// `CancellationError` when it says no.
    func attribute(_ request: AttributionRequest, shouldContinue: (_ done: Int, _ total: Int) -> Bool) throws -> AttributionResult
}

/// Attribution with the model runtime (`FeatureAttribution`): the text tokenized as the heatmap tokenizes it, cut
/// after the chosen token, and each active feature ablated in turn through the rest of the model.
// @unchecked Sendable: the model and dictionary are read-only; each call builds its own session.
public final class ModelAttributionSource: AttributionSource, @unchecked Sendable {
    private let model: LanguageModel
    private let dictionary: SparseDictionary
    private let site: DictionarySite

    /// A source attributing `model`'s logits to `dictionary`'s features at `site`.
    public init(model: LanguageModel, dictionary: SparseDictionary, site: DictionarySite) {
        self.model = model
        self.dictionary = dictionary
        self.site = site
    }

    /// Attributes the target after `request`'s position: the text's next token unless one was typed, the model's
    /// prediction at the end of the text.
    public func attribute(_ request: AttributionRequest, shouldContinue: (Int, Int) -> Bool) throws -> AttributionResult {
        let tokenizer = model.tokenizer
        let ids = Array(tokenizer.startingSequence(tokenizer.encode(request.text)).prefix(model.config.contextLength))
        guard request.position > 0, request.position < ids.count else {
            throw InputError("position", "pick a token after the first (the first is the attention sink)")
        }
        let prompt = Array(ids[...request.position])
        let target: Int, source: String
        if let typed = request.target {
            let encoded = tokenizer.encode(typed)
            guard encoded.count == 1 else {
                throw InputError("target", "'\(typed)' is \(encoded.count) tokens; type one token (mind the leading space)")
            }
            (target, source) = (encoded[0], "typed")
        } else if request.position + 1 < ids.count {
            (target, source) = (ids[request.position + 1], "the text's next token")
        } else {
            let logits = try ModelSession(model: model).forward(prompt, logits: .last)!
            (target, source) = (Sampler.argmax(UnsafeBufferPointer(logits.row(0))), "the model's prediction")
        }
        let attribution = try FeatureAttribution(model: model, dictionary: dictionary, site: site, prompt: prompt, target: target,
                                                 shouldContinue: shouldContinue)
        return AttributionResult(after: tokenizer.text(of: ids[request.position]), target: tokenizer.text(of: target), targetSource: source, targetLogit: attribution.targetLogit,
                                 rankAgreement: attribution.rankAgreement,
                                 entries: attribution.entries.map {
                                     AttributionResult.Entry(feature: $0.feature, activation: $0.activation, exact: $0.exact, linear: $0.linear)
                                 })
    }
}
