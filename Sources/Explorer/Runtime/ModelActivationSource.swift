import SAEKit

/// Activations from the model runtime: tokenizes the text, runs the model up to the dictionary's hook point and
/// captures the residual stream there (after BOS when the model expects one, as `saescope encode --text` does).
// @unchecked Sendable: its one session is used by one call at a time (the effect runner's encode queue is serial).
public final class ModelActivationSource: ActivationSource, @unchecked Sendable {
    public let name: String
    private let model: LanguageModel
    private let hook: HookPoint
    private let session: ModelSession

    /// A source reading `model` at `hook`, shown as `name`. Calls must not overlap (the effect runner runs them in turn).
    public init(model: LanguageModel, hook: HookPoint, name: String) {
        self.model = model
        self.hook = hook
        self.name = name
        session = ModelSession(model: model)
    }

    /// The text's tokens (their bytes) and the residual stream at the hook point, one row per token; a model that
    /// expects BOS first gets it, shown as its literal text (`<bos>`). A text longer than the model's context is run
    /// as far as the context goes.
    public func activations(of text: String) throws -> TokenActivations {
        let tokenizer = model.tokenizer
        let all = tokenizer.startingSequence(tokenizer.encode(text))
        let ids = Array(all.prefix(model.config.contextLength))
        let residuals = try session.residuals(of: ids, at: hook)
        let tokens = ids.enumerated().map { index, id in tokenizer.bytes(of: id, special: index == 0 && tokenizer.addsBOS) }
        return TokenActivations(tokens: tokens, activations: residuals, fullLength: all.count > ids.count ? all.count : nil)
    }
}
