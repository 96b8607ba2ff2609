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
    /// tokens each, `dictionary` spliced in at `site` on the steered sides, decoded in `arithmetic` (the prompt runs
    /// in float); `maxActivation` gives a feature's maximum for "Nx" clamps. The prompt runs here; an edit of a feature
    /// the dictionary lacks is an `InputError`.
    public init(model: LanguageModel, dictionary: SparseDictionary, site: DictionarySite, prompt: String, chat: Bool,
                sides: [Side], maxTokens: Int, sampler: Sampler, arithmetic: Arithmetic = .float,
                maxActivation: (Int) throws -> Float? = { _ in nil }) throws {
        guard !sides.isEmpty else { throw InputError("--edit", "nothing to generate: no side to run") }
        tokenizer = model.tokenizer
        self.sides = sides
        let ids = try model.tokenizer.promptIDs(prompt, chat: chat)
        promptIDs = ids
        // The splices first, so that an edit of a feature the dictionary lacks fails before any prompt runs.
        let splices = try sides.map { side -> DictionarySplice? in
            guard case .steered(let edits) = side else { return nil }
            return try DictionarySplice(dictionary: dictionary, edits: edits, promptLength: ids.count, maxActivation: maxActivation)
        }
        let touchesPrompt = sides.map { side in
            side.edits.contains { edit in ids.indices.contains { edit.span.contains($0, promptLength: ids.count) } }
        }
        // The sides that leave the prompt alone share one plain run of it: the first unsteered one among them runs it
        // in its own session, the others take over a copy of that session's KV cache.
        var shared: (session: ModelSession, stream: TokenStream)?
        var sharedOwner: Int?
        if touchesPrompt.contains(false) {
            let session = ModelSession(model: model, cache: arithmetic.cachePrecision)
            shared = (session, try TokenStream(session: session, prompt: ids, maxTokens: maxTokens, sampler: sampler, arithmetic: arithmetic))
            sharedOwner = sides.indices.first { sides[$0] == .unsteered && !touchesPrompt[$0] }
            promptRuns += 1
        }
        for index in sides.indices {
            if let shared, index == sharedOwner {
                streams.append(shared.stream)
                continue
            }
            let session = ModelSession(model: model, cache: arithmetic.cachePrecision)
            splices[index]?.install(in: session, at: site)
            if let shared, !touchesPrompt[index] {
                session.continueFrom(shared.session)
                streams.append(shared.stream.continued(in: session))
            } else {
                streams.append(try TokenStream(session: session, prompt: ids, maxTokens: maxTokens, sampler: sampler, arithmetic: arithmetic))
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
