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

    /// Runs `prompt` through `session`, then samples up to `maxTokens` tokens; `onToken` hears each new id
    /// (and may return false to stop). Returns the generated ids, without the stop token.
    @discardableResult
    public static func run(session: LlamaSession, prompt: [Int], maxTokens: Int, sampler: Sampler,
                           onToken: (Int) -> Bool = { _ in true }) throws -> [Int] {
        guard !prompt.isEmpty else { throw InputError("--prompt", "is empty") }
        var sampler = sampler
        let stops = stopTokens(for: session.model.tokenizer)
        var generated: [Int] = []
        var logits = try session.forward(prompt, logits: .last)!
        while generated.count < maxTokens {
            let next = sampler.sample(UnsafeBufferPointer(logits.row(0)))
            if stops.contains(next) { break }
            generated.append(next)
            if !onToken(next) || generated.count == maxTokens { break }
            guard session.position < session.model.config.contextLength else { break }
            logits = try session.forward([next], logits: .last)!
        }
        return generated
    }
}
