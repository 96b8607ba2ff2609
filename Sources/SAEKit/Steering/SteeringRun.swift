/// One prompt continued several ways at once: the plain model and any number of edit sets, each applied through the
/// dictionary spliced in at its hook point (error term kept), every side sampled from the same seed.
///
/// The prompt is encoded once (as a user turn in the model's chat template when asked) and run once for all the sides
/// whose edits leave the prompt alone: they take over that run's KV cache and last logits. The sides then advance a
/// token each in turn, so a caller can show them side by side as they come, and stop them all between two tokens.
public final class SteeringRun {
    /// One way of continuing the prompt: the plain model, or the model steered by edits.
    public enum Side: Equatable, Sendable {
        case unsteered
        case steered([FeatureEdit])

        /// The edits, none for the plain model.
        public var edits: [FeatureEdit] {
            if case .steered(let edits) = self { return edits }
            return []
        }
    }

    /// The sides, in the order their pieces are reported.
    public let sides: [Side]
    /// The prompt's token ids as the model sees them.
    public let promptIDs: [Int]
    /// The prompt runs this run made (1 when every side shares one; each side that edits the prompt adds its own).
    public private(set) var promptRuns = 0

    private let tokenizer: Tokenizer
    private var streams: [TokenStream] = []

    /// A run of `sides` on `prompt` (`chat`: as a user turn in the model's chat template) for at most `maxTokens`
    /// tokens each, `dictionary` spliced in at `hook` on the steered sides; `maxActivation` gives a feature's maximum
    /// for "Nx" clamps. The prompt runs here; an edit of a feature the dictionary lacks is an `InputError`.
    public init(model: LanguageModel, dictionary: SparseDictionary, hook: HookPoint, prompt: String, chat: Bool,
                sides: [Side], maxTokens: Int, sampler: Sampler,
                maxActivation: (Int) throws -> Float? = { _ in nil }) throws {
        guard !sides.isEmpty else { throw InputError("--edit", "nothing to generate: no side to run") }
        tokenizer = model.tokenizer
        self.sides = sides
        let ids = try model.tokenizer.promptIDs(prompt, chat: chat)
        promptIDs = ids
        let sessions = try sides.map { side -> ModelSession in
            let session = ModelSession(model: model)
            if case .steered(let edits) = side {
                let splice = try DictionarySplice(dictionary: dictionary, edits: edits, promptLength: ids.count,
                                                  maxActivation: maxActivation)
                session.hooks[hook] = splice.hook
            }
            return session
        }
        let touchesPrompt = sides.map { side in
            side.edits.contains { edit in ids.indices.contains { edit.span.contains($0, promptLength: ids.count) } }
        }
        // The sides that leave the prompt alone share one plain run of it.
        var shared: (session: ModelSession, stream: TokenStream)?
        if touchesPrompt.contains(false) {
            let session = ModelSession(model: model)
            shared = (session, try TokenStream(session: session, prompt: ids, maxTokens: maxTokens, sampler: sampler))
            promptRuns += 1
        }
        for (index, session) in sessions.enumerated() {
            if let shared, !touchesPrompt[index] {
                session.continueFrom(shared.session)
                streams.append(shared.stream.continued(in: session))
            } else {
                streams.append(try TokenStream(session: session, prompt: ids, maxTokens: maxTokens, sampler: sampler))
                promptRuns += 1
            }
        }
    }

    /// Generates every side to its end, a token of each in turn; `onPiece` hears each piece of text with its side's
    /// index (empty while a character is incomplete) and returns false to stop the run. Returns each side's text so
    /// far. A side that ends early leaves the others running. Call it once.
    @discardableResult
    public func run(onPiece: (_ side: Int, _ text: String) -> Bool = { _, _ in true }) throws -> [String] {
        var decoders = sides.map { _ in StreamingDecoder(tokenizer: tokenizer) }
        var texts = sides.map { _ in "" }
        var running = sides.map { _ in true }
        while running.contains(true) {
            for side in sides.indices where running[side] {
                let piece: String
                if let id = try streams[side].next() {
                    piece = decoders[side].push(id)
                } else {
                    piece = decoders[side].finish()
                    running[side] = false
                }
                texts[side] += piece
                if !onPiece(side, piece) { return texts }
            }
        }
        return texts
    }
}
