/// Generates a continuation token by token: prefill the prompt, then decode one token at a time until a stop token.
public struct Generator {
    /// Token ids that end generation: `<|endoftext|>` (0), `<|im_end|>` (2) and `<reponame>` (4), as llama.cpp does
    /// for this vocabulary, plus the file's end-of-sequence id.
    public static func stopTokens(for tokenizer: Tokenizer) -> Set<Int> {
        var stops: Set<Int> = []
        for text in ["<|endoftext|>", "<|im_end|>", "<reponame>"] {
            if let id = tokenizer.id(of: text) { stops.insert(id) }
        }
        if let eos = tokenizer.eosID { stops.insert(eos) }
        return stops
    }

    /// Runs `prompt` through `session`, then samples up to `maxTokens` tokens, decoding in `arithmetic`; `onToken`
    /// hears each new id (and may return false to stop). Returns the generated ids, without the stop token.
    @discardableResult
    public static func run(session: ModelSession, prompt: [Int], maxTokens: Int, sampler: Sampler, arithmetic: Arithmetic = .float,
                           onToken: (Int) -> Bool = { _ in true }) throws -> [Int] {
        var stream = try TokenStream(session: session, prompt: prompt, maxTokens: maxTokens, sampler: sampler, arithmetic: arithmetic)
        while let next = try stream.next() {
            if !onToken(next) { break }
        }
        return stream.generated
    }
}

/// A generation taken one token at a time, so that callers can interleave several (steered next to unsteered) or
/// stop between tokens.
public struct TokenStream {
    private var session: ModelSession
    private var sampler: Sampler
    private let stops: Set<Int>
    private let maxTokens: Int
    private let arithmetic: Arithmetic
    private var logits: Matrix?
    /// Whether the stream has ended (a stop token, `maxTokens`, or the context length).
    private var finished = false
    /// The ids generated so far, without the stop token.
    public private(set) var generated: [Int] = []

    /// A stream continuing `prompt` in `session` (prefilled here, in float, so that a hook on the prompt reads what
    /// the measuring commands read), for at most `maxTokens` tokens, each decoded in `arithmetic`.
    public init(session: ModelSession, prompt: [Int], maxTokens: Int, sampler: Sampler, arithmetic: Arithmetic = .float) throws {
        guard !prompt.isEmpty else { throw InputError("--prompt", "is empty") }
        self.session = session
        self.sampler = sampler
        self.maxTokens = maxTokens
        self.arithmetic = arithmetic
        stops = Generator.stopTokens(for: session.model.tokenizer)
        logits = try Self.forward(session, prompt, in: .float)
    }

    /// A stream in `session` (which has taken over this stream's session state with `continueFrom`) that goes on from
    /// where this one stands, with its own copy of the logits and sampler.
    public func continued(in session: ModelSession) -> TokenStream {
        var stream = self
        stream.session = session
        stream.logits = logits?.copy()
        return stream
    }

    /// The logits of `tokens`' last position, run in `arithmetic`; the session's own arithmetic is left as it was.
    private static func forward(_ session: ModelSession, _ tokens: [Int], in arithmetic: Arithmetic) throws -> Matrix {
        let previous = session.arithmetic
        session.arithmetic = arithmetic
        defer { session.arithmetic = previous }
        return try session.forward(tokens, logits: .last)
    }

    /// The next token, or nil once a stop token, `maxTokens` or the context length ends the generation. The model runs
    /// the previous token here, not when it was returned, so a caller that stops early wastes no forward pass.
    public mutating func next() throws -> Int? {
        guard !finished, generated.count < maxTokens else { return nil }
        if logits == nil, let last = generated.last {
            guard session.position < session.model.config.contextLength else {
                finished = true
                return nil
            }
            logits = try Self.forward(session, [last], in: arithmetic)
        }
        guard let current = logits else { return nil }
        logits = nil
        let id = sampler.sample(UnsafeBufferPointer(current.row(0)))
        guard !stops.contains(id) else {
            finished = true
            return nil
        }
        generated.append(id)
        return id
    }
}
