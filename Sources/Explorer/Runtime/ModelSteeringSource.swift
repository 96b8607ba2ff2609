import SAEKit

/// Steered generation with the model runtime: the dictionary spliced in at its site with each side's edits
/// (error term kept), or the plain model, every side sampled from the same seed (a `SteeringRun`).
// @unchecked Sendable: the model is read-only; each call builds its own sessions, and the effect runner never overlaps calls.
public final class ModelSteeringSource: SteeringSource, @unchecked Sendable {
    private let model: LanguageModel
    private let dictionary: SparseDictionary
    private let site: DictionarySite

    /// A source steering `model` through `dictionary` at `site`.
    public init(model: LanguageModel, dictionary: SparseDictionary, site: DictionarySite) {
        self.model = model
        self.dictionary = dictionary
        self.site = site
    }

    /// Whether the model's file carries a chat template.
    public var hasChatTemplate: Bool { model.tokenizer.hasChatTemplate }

    /// Generates every side token by token, in the request's order; a side that stops early leaves the others running.
    public func generate(_ request: GenerationRequest, onPiece: (_ side: Int, _ text: String) -> Bool) throws {
        // The request's edits carry activation values already, so no maximum is looked up.
        let run = try SteeringRun(model: model, dictionary: dictionary, site: site, prompt: request.prompt,
                                  chat: request.chat, sides: request.sides,
                                  maxTokens: request.maxTokens,
                                  sampler: try Sampler(temperature: request.temperature, seed: request.seed))
        try run.run(onPiece: onPiece)
    }
}
