import SAEKit

/// Steered generation with the model runtime: the dictionary spliced in at its hook point with the request's edits
/// (error term kept), next to the plain model, both sampled from the same seed.
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
        let tokenizer = model.tokenizer
        let prompt = try tokenizer.promptIDs(request.prompt, chat: request.chat)
        let sampler = try Sampler(temperature: request.temperature, seed: request.seed)
        let plainSession = ModelSession(model: model), steeredSession = ModelSession(model: model)
        // The request's edits carry activation values already, so no maximum is looked up here.
        let splice = try DictionarySplice(dictionary: dictionary, edits: request.edits, promptLength: prompt.count) { _ in nil }
        steeredSession.hooks[hook] = splice.hook
        let plainStream = try TokenStream(session: plainSession, prompt: prompt, maxTokens: request.maxTokens, sampler: sampler)
        let steeredStream: TokenStream
        if request.edits.contains(where: { edit in prompt.indices.contains { edit.span.contains($0, promptLength: prompt.count) } }) {
            steeredStream = try TokenStream(session: steeredSession, prompt: prompt, maxTokens: request.maxTokens, sampler: sampler)
        } else {
            // No edit touches the prompt, so the steered side takes over the plain side's run of it (its KV cache and
            // last logits) instead of running it again.
            steeredSession.continueFrom(plainSession)
            steeredStream = plainStream.continued(in: steeredSession)
        }
        var sides = [
            (steered: true, stream: steeredStream, decoder: StreamingDecoder(tokenizer: tokenizer), running: true),
            (steered: false, stream: plainStream, decoder: StreamingDecoder(tokenizer: tokenizer), running: true),
        ]
        while sides.contains(where: \.running) {
            for i in sides.indices where sides[i].running {
                let piece: String
                if let id = try sides[i].stream.next() {
                    piece = sides[i].decoder.push(id)
                } else {
                    piece = sides[i].decoder.finish()
                    sides[i].running = false
                }
                if !onPiece(sides[i].steered, piece) { return }
            }
        }
    }
}
