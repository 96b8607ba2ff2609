import SAEKit

/// Steered generation with the model runtime: the dictionary spliced in at its hook point with the request's edits
/// (error term kept), next to the plain model, both sampled from the same seed (a `SteeringRun` of two sides).
// @unchecked Sendable: the model is read-only; each call builds its own sessions, and the effect runner never overlaps calls.
public final class ModelSteeringSource: SteeringSource, @unchecked Sendable {
    private let model: LanguageModel
    private let dictionary: SparseDictionary
    private let hook: HookPoint

    /// A source steering `model` through `dictionary` at `hook`.
    public init(model: LanguageModel, dictionary: SparseDictionary, hook: HookPoint) {
        self.model = model
        self.dictionary = dictionary
        self.hook = hook
    }

    /// Whether the model's file carries a chat template.
    public var hasChatTemplate: Bool { model.tokenizer.hasChatTemplate }

    /// Generates both sides token by token, steered first; a side that stops early leaves the other running.
    public func generate(_ request: GenerationRequest, onPiece: (_ steered: Bool, _ text: String) -> Bool) throws {
        // The request's edits carry activation values already, so no maximum is looked up.
        let run = try SteeringRun(model: model, dictionary: dictionary, hook: hook, prompt: request.prompt,
                                  chat: request.chat, sides: [.steered(request.edits), .unsteered],
                                  maxTokens: request.maxTokens,
                                  sampler: try Sampler(temperature: request.temperature, seed: request.seed))
        try run.run { side, text in onPiece(side == 0, text) }
    }
}
