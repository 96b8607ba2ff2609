extension Tokenizer {
    /// Reads the tokenizer of a GGUF file: byte-level BPE (`gpt2`) or SentencePiece (`llama`); anything else, or a
    /// vocabulary that is missing or malformed, is an `InputError` naming the file.
    public convenience init(gguf: GGUFFile) throws {
        let path = gguf.path
        guard let model = gguf.metadata["tokenizer.ggml.model"]?.stringValue else { throw InputError(path, "has no tokenizer (tokenizer.ggml.model)") }
        guard let tokenValues = gguf.metadata["tokenizer.ggml.tokens"]?.arrayValue, !tokenValues.isEmpty else {
            throw InputError(path, "has no tokenizer.ggml.tokens")
        }
        let tokens = try tokenValues.map { value -> String in
            guard let text = value.stringValue else { throw InputError(path, "tokenizer.ggml.tokens holds a non-string") }
            return text
        }
        let types = gguf.metadata["tokenizer.ggml.token_type"]?.arrayValue?.map { $0.intValue ?? 1 } ?? []
        func id(_ key: String) -> Int? {
            guard let v = gguf.metadata[key]?.intValue, v >= 0, v < tokens.count else { return nil }
            return v
        }
        let bos = id("tokenizer.ggml.bos_token_id"), eos = id("tokenizer.ggml.eos_token_id")
        let template = gguf.metadata["tokenizer.chat_template"]?.stringValue
        switch model {
        case "gpt2":
            let preName = gguf.metadata["tokenizer.ggml.pre"]?.stringValue ?? "default"
            guard let pre = PreTokenizer.named(preName) else { throw InputError(path, "pre-tokenizer '\(preName)' is not supported") }
            let merges = try (gguf.metadata["tokenizer.ggml.merges"]?.arrayValue ?? []).map { value -> String in
                guard let text = value.stringValue else { throw InputError(path, "tokenizer.ggml.merges holds a non-string") }
                return text
            }
            self.init(tokens: tokens, tokenTypes: types, merges: merges, preTokenizer: pre, bosID: bos, eosID: eos,
                      addsBOS: gguf.metadata["tokenizer.ggml.add_bos_token"] == .bool(true), chatTemplate: template)
        case "llama":
            guard gguf.metadata["tokenizer.ggml.add_space_prefix"] == .bool(false) else {
                throw InputError(path, "SentencePiece with an added space prefix (tokenizer.ggml.add_space_prefix) is not supported yet")
            }
            guard let scoreValues = gguf.metadata["tokenizer.ggml.scores"]?.arrayValue, scoreValues.count == tokens.count else {
                throw InputError(path, "has no tokenizer.ggml.scores for its \(tokens.count) SentencePiece tokens")
            }
            let scores = try scoreValues.map { value -> Float in
                guard let score = value.doubleValue else { throw InputError(path, "tokenizer.ggml.scores holds a non-number") }
                return Float(score)
            }
            self.init(sentencePieceTokens: tokens, scores: scores, tokenTypes: types, bosID: bos, eosID: eos,
                      addsBOS: gguf.metadata["tokenizer.ggml.add_bos_token"] != .bool(false), chatTemplate: template)
        default:
            throw InputError(path, "tokenizer model '\(model)' is not supported (byte-level BPE 'gpt2' or SentencePiece 'llama')")
        }
    }
}
