import SAEKit

/// Activations from the Llama runtime: tokenizes the text, runs the model up to the dictionary's hook point and
/// captures the residual stream there (no BOS token, as `saescope encode --text` does).
public final class ModelActivationSource: ActivationSource, @unchecked Sendable {
    public let name: String
    private let model: LlamaModel
    private let hook: HookPoint
    private let session: LlamaSession

    /// A source reading `model` at `hook`, shown as `name`. Calls must not overlap (the effect runner runs them in turn).
    public init(model: LlamaModel, hook: HookPoint, name: String) {
        self.model = model
        self.hook = hook
        self.name = name
        session = LlamaSession(model: model)
    }

    /// The text's tokens (their bytes) and the residual stream at the hook point, one row per token.
    public func activations(of text: String) throws -> TokenActivations {
        let ids = model.tokenizer.encode(text)
        let residuals = try session.residuals(of: ids, at: hook)
        return TokenActivations(tokens: ids.map { model.tokenizer.bytes(of: $0) }, activations: residuals)
    }
}
