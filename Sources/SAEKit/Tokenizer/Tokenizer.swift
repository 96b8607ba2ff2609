/// A byte-level BPE tokenizer built from a GGUF file's own vocabulary, merges and token types.
public final class Tokenizer: @unchecked Sendable {
    /// Token texts by id, in the vocabulary's byte-character spelling.
    public let tokens: [String]
    /// GGUF token types by id (1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte).
    public let tokenTypes: [Int]
    /// The pre-tokenizer named by the file.
    public let preTokenizer: PreTokenizer
    /// The beginning-of-sequence id, when the file names one.
    public let bosID: Int?
    /// The end-of-sequence id, when the file names one.
    public let eosID: Int?
    /// The chat template text from the file, when present.
    public let chatTemplate: String?

    private let idByToken: [String: Int]
    private let mergeRank: [String: Int]
    /// Special tokens (control, user-defined, unknown) as UTF-8, longest first.
    private let specials: [(bytes: [UInt8], id: Int, alwaysMatched: Bool)]
    private var pieceCache: [String: [Int]] = [:]

    /// Reads the tokenizer of a GGUF file; throws an `InputError` when it is missing or not byte-level BPE.
    public convenience init(gguf: GGUFFile) throws {
        let path = gguf.path
        guard let model = gguf.metadata["tokenizer.ggml.model"]?.stringValue else { throw InputError(path, "has no tokenizer (tokenizer.ggml.model)") }
        guard model == "gpt2" else { throw InputError(path, "tokenizer model '\(model)' is not supported (only byte-level BPE, 'gpt2')") }
        let preName = gguf.metadata["tokenizer.ggml.pre"]?.stringValue ?? "default"
        guard let pre = PreTokenizer.named(preName) else { throw InputError(path, "pre-tokenizer '\(preName)' is not supported") }
        guard let tokenValues = gguf.metadata["tokenizer.ggml.tokens"]?.arrayValue else { throw InputError(path, "has no tokenizer.ggml.tokens") }
        let tokens = try tokenValues.map { value -> String in
            guard let text = value.stringValue else { throw InputError(path, "tokenizer.ggml.tokens holds a non-string") }
            return text
        }
        let types = gguf.metadata["tokenizer.ggml.token_type"]?.arrayValue?.map { $0.intValue ?? 1 } ?? []
        let merges = try (gguf.metadata["tokenizer.ggml.merges"]?.arrayValue ?? []).map { value -> String in
            guard let text = value.stringValue else { throw InputError(path, "tokenizer.ggml.merges holds a non-string") }
            return text
        }
        func id(_ key: String) -> Int? {
            guard let v = gguf.metadata[key]?.intValue, v >= 0, v < tokens.count else { return nil }
            return v
        }
        self.init(tokens: tokens, tokenTypes: types, merges: merges, preTokenizer: pre,
                  bosID: id("tokenizer.ggml.bos_token_id"), eosID: id("tokenizer.ggml.eos_token_id"),
                  chatTemplate: gguf.metadata["tokenizer.chat_template"]?.stringValue)
    }

    /// A tokenizer from its parts; `merges` are "A B" strings in rank order.
    public init(tokens: [String], tokenTypes: [Int], merges: [String], preTokenizer: PreTokenizer,
                bosID: Int? = nil, eosID: Int? = nil, chatTemplate: String? = nil) {
        self.tokens = tokens
        self.tokenTypes = tokenTypes.count == tokens.count ? tokenTypes : [Int](repeating: 1, count: tokens.count)
        self.preTokenizer = preTokenizer
        self.bosID = bosID
        self.eosID = eosID
        self.chatTemplate = chatTemplate
        var index: [String: Int] = [:]
        index.reserveCapacity(tokens.count)
        for (id, text) in tokens.enumerated() where index[text] == nil { index[text] = id }
        idByToken = index
        var ranks: [String: Int] = [:]
        ranks.reserveCapacity(merges.count)
        for (rank, merge) in merges.enumerated() where ranks[merge] == nil { ranks[merge] = rank }
        mergeRank = ranks
        specials = self.tokenTypes.enumerated()
            .filter { [2, 3, 4].contains($0.element) && !tokens[$0.offset].isEmpty }
            .map { (Array(tokens[$0.offset].utf8), $0.offset, $0.element == 4) }
            .sorted { $0.bytes.count != $1.bytes.count ? $0.bytes.count > $1.bytes.count : $0.id < $1.id }
    }

    /// Number of tokens in the vocabulary.
    public var vocabularySize: Int { tokens.count }

    /// The id of a token text, if the vocabulary has it.
    public func id(of token: String) -> Int? { idByToken[token] }

    /// Whether `id` is a control token (rendered only when special output is asked for).
    public func isControl(_ id: Int) -> Bool { id >= 0 && id < tokens.count && tokenTypes[id] == 3 }

    /// Token ids for `text`; with `special`, literal control tokens such as `<|im_start|>` become their ids.
    public func encode(_ text: String, special: Bool = false) -> [Int] {
        var ids: [Int] = []
        for segment in partition(text, special: special) {
            switch segment {
            case .special(let id): ids.append(id)
            case .text(let part):
                for piece in preTokenizer.split(part) { ids.append(contentsOf: bpe(piece)) }
            }
        }
        return ids
    }

    private enum Segment { case text(Substring), special(Int) }

    /// Cuts literal special tokens out of `text`, longest first at each position.
    private func partition(_ text: String, special: Bool) -> [Segment] {
        let candidates = specials.filter { special || $0.alwaysMatched }
        guard !candidates.isEmpty else { return [.text(text[...])] }
        let utf8 = Array(text.utf8)
        var segments: [Segment] = []
        var position = 0, textStart = 0
        func flush(_ end: Int) {
            if textStart < end { segments.append(.text(Substring(decoding: utf8[textStart..<end], as: UTF8.self))) }
        }
        outer: while position < utf8.count {
            for candidate in candidates where candidate.bytes.count <= utf8.count - position && utf8[position] == candidate.bytes[0] {
                if utf8[position..<(position + candidate.bytes.count)].elementsEqual(candidate.bytes) {
                    flush(position)
                    segments.append(.special(candidate.id))
                    position += candidate.bytes.count
                    textStart = position
                    continue outer
                }
            }
            position += 1
        }
        flush(utf8.count)
        return segments
    }

    /// Byte-level BPE of one pre-token piece: merge the lowest-ranked adjacent pair, leftmost first, until none merge.
    private func bpe(_ piece: Substring) -> [Int] {
        let mapped = ByteLevel.encode(piece)
        if let cached = pieceCache[mapped] { return cached }
        var symbols = mapped.unicodeScalars.map { String($0) }
        while symbols.count > 1 {
            var best = Int.max, bestIndex = -1
            for i in 0..<(symbols.count - 1) {
                if let rank = mergeRank[symbols[i] + " " + symbols[i + 1]], rank < best {
                    best = rank
                    bestIndex = i
                }
            }
            if bestIndex < 0 { break }
            symbols[bestIndex] += symbols[bestIndex + 1]
            symbols.remove(at: bestIndex + 1)
        }
        var ids: [Int] = []
        for symbol in symbols {
            if let id = idByToken[symbol] {
                ids.append(id)
            } else {
                // As llama.cpp: fall back to one token per byte, dropping bytes the vocabulary lacks.
                for scalar in symbol.unicodeScalars {
                    if let id = idByToken[String(scalar)] { ids.append(id) }
                }
            }
        }
        if pieceCache.count < 65_536 { pieceCache[mapped] = ids }
        return ids
    }

    /// The bytes a token stands for; control tokens give their literal text only when `special` is set.
    public func bytes(of id: Int, special: Bool = false) -> [UInt8] {
        guard id >= 0 && id < tokens.count else { return [] }
        switch tokenTypes[id] {
        case 3, 2: return special ? Array(tokens[id].utf8) : []
        case 4: return Array(tokens[id].utf8)
        default:
            var bytes: [UInt8] = []
            ByteLevel.decode(tokens[id], into: &bytes)
            return bytes
        }
    }

    /// The text of a whole token sequence.
    public func decode(_ ids: [Int], special: Bool = false) -> String {
        var bytes: [UInt8] = []
        for id in ids { bytes.append(contentsOf: self.bytes(of: id, special: special)) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text of one token alone (bytes that do not form whole characters show as U+FFFD).
    public func text(of id: Int, special: Bool = true) -> String {
        String(decoding: bytes(of: id, special: special), as: UTF8.self)
    }
}
