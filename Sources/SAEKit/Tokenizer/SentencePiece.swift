/// SentencePiece encoding as llama.cpp applies it to a GGUF vocabulary (`tokenizer.ggml.model` "llama"): spaces
/// become ▁, the text starts as one symbol per character, the adjacent pair whose concatenation is the
/// highest-scoring token merges first (ties to the leftmost), and a symbol that is no token falls back to one
/// `<0xXX>` byte token per UTF-8 byte.
struct SentencePiece {
    /// Scores by token id.
    let scores: [Float]
    /// The `<0xXX>` token of each byte value, where the vocabulary has one.
    let byteIDs: [Int?]
    /// The byte each byte token stands for, by id.
    private let byteOfToken: [Int: UInt8]

    /// The model over a vocabulary, its scores and token types.
    init(tokens: [String], scores: [Float], tokenTypes: [Int]) {
        self.scores = scores.count == tokens.count ? scores : [Float](repeating: 0, count: tokens.count)
        var byteIDs = [Int?](repeating: nil, count: 256), byteOfToken: [Int: UInt8] = [:]
        for (id, type) in tokenTypes.enumerated() where type == 6 {
            let text = tokens[id]
            guard text.hasPrefix("<0x"), text.hasSuffix(">"), let value = UInt8(text.dropFirst(3).dropLast(), radix: 16) else { continue }
            if byteIDs[Int(value)] == nil { byteIDs[Int(value)] = id }
            byteOfToken[id] = value
        }
        self.byteIDs = byteIDs
        self.byteOfToken = byteOfToken
    }

    /// The ids of `text` (which holds no special token); `idOf` looks a piece up in the vocabulary.
    func encode(_ text: Substring, idOf: @escaping (String) -> Int?) -> [Int] {
        let escaped = text.replacingOccurrences(of: " ", with: "\u{2581}")
        let scores = self.scores
        var merger = PairMerger(symbols: escaped.unicodeScalars.map { String($0) },
                                priority: { a, b in idOf(a + b).map { -scores[$0] } })
        var ids: [Int] = []
        for symbol in merger.merged() {
            if let id = idOf(symbol) {
                ids.append(id)
            } else {
                for byte in symbol.utf8 { if let id = byteIDs[Int(byte)] { ids.append(id) } }
            }
        }
        return ids
    }

    /// The bytes of a normal or byte token whose vocabulary text is `text`: ▁ (E2 96 81) stands for a space.
    func bytes(of id: Int, text: String) -> [UInt8] {
        if let byte = byteOfToken[id] { return [byte] }
        let utf8 = Array(text.utf8)
        var out: [UInt8] = [], i = 0
        out.reserveCapacity(utf8.count)
        while i < utf8.count {
            if i + 2 < utf8.count, utf8[i] == 0xE2, utf8[i + 1] == 0x96, utf8[i + 2] == 0x81 {
                out.append(0x20)
                i += 3
            } else {
                out.append(utf8[i])
                i += 1
            }
        }
        return out
    }
}
