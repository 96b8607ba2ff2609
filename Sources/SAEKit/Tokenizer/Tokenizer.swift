import Foundation

/// A model's tokenizer: a GGUF file's own (byte-level BPE, `tokenizer.ggml.model` "gpt2": SmolLM2, Llama 3, Qwen; or
/// SentencePiece, `"llama"`: Gemma) or a model folder's `tokenizer.json`, with special tokens cut out of the text first.
// @unchecked Sendable: the vocabulary and merge tables are constant; the piece cache is guarded by `cacheLock`.
public final class Tokenizer: @unchecked Sendable {
    /// How text between special tokens becomes ids.
    enum Model {
        /// Byte-level BPE: a pre-tokenizer split, then merges by rank on GPT-2's byte characters.
        case bytePairs(mergeRank: [String: Int], preTokenizer: PreTokenizer)
        /// SentencePiece: spaces as ▁, merges of the highest-scoring pieces, bytes of unknown characters as `<0xXX>`.
        case sentencePiece(SentencePiece)
        /// The steps of a `tokenizer.json`.
        case pipeline(TokenizerPipeline)
    }

    /// Token texts by id, in the vocabulary's own spelling (GPT-2 byte characters, or ▁ for spaces).
    public let tokens: [String]
    /// GGUF token types by id (1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte).
    public let tokenTypes: [Int]
    /// The beginning-of-sequence id, when the file names one.
    public let bosID: Int?
    /// The end-of-sequence id, when the file names one.
    public let eosID: Int?
    /// Whether the model expects `bosID` before every text (`tokenizer.ggml.add_bos_token`).
    public let addsBOS: Bool
    /// The chat template text from the file, when present.
    public let chatTemplate: String?

    let model: Model
    private let idByToken: [String: Int]
    private let specials: SpecialTokens
    private var pieceCache: [String: [Int]] = [:]
    private let cacheLock = NSLock()

    /// A byte-level BPE tokenizer from its parts; `merges` are "A B" strings in rank order.
    public convenience init(tokens: [String], tokenTypes: [Int], merges: [String], preTokenizer: PreTokenizer,
                            bosID: Int? = nil, eosID: Int? = nil, addsBOS: Bool = false, chatTemplate: String? = nil) {
        var ranks: [String: Int] = [:]
        ranks.reserveCapacity(merges.count)
        for (rank, merge) in merges.enumerated() where ranks[merge] == nil { ranks[merge] = rank }
        self.init(tokens: tokens, tokenTypes: tokenTypes, model: .bytePairs(mergeRank: ranks, preTokenizer: preTokenizer),
                  bosID: bosID, eosID: eosID, addsBOS: addsBOS, chatTemplate: chatTemplate)
    }

    /// A SentencePiece tokenizer from its parts: each token's score and type (type 6 marks the `<0xXX>` byte pieces).
    public convenience init(sentencePieceTokens tokens: [String], scores: [Float], tokenTypes: [Int],
                            bosID: Int? = nil, eosID: Int? = nil, addsBOS: Bool = true, chatTemplate: String? = nil) {
        let types = tokenTypes.count == tokens.count ? tokenTypes : [Int](repeating: 1, count: tokens.count)
        self.init(tokens: tokens, tokenTypes: types, model: .sentencePiece(SentencePiece(tokens: tokens, scores: scores, tokenTypes: types)),
                  bosID: bosID, eosID: eosID, addsBOS: addsBOS, chatTemplate: chatTemplate)
    }

    /// A `tokenizer.json` tokenizer from what `TokenizerJSON` read.
    convenience init(json: TokenizerJSON, bosID: Int?, eosID: Int?, chatTemplate: String?) {
        self.init(tokens: json.tokens, tokenTypes: json.types, model: .pipeline(json.pipeline), bosID: json.leadingSpecial ?? bosID,
                  eosID: eosID, addsBOS: json.leadingSpecial != nil, chatTemplate: chatTemplate)
    }

    private init(tokens: [String], tokenTypes: [Int], model: Model, bosID: Int?, eosID: Int?, addsBOS: Bool, chatTemplate: String?) {
        self.tokens = tokens
        self.tokenTypes = tokenTypes.count == tokens.count ? tokenTypes : [Int](repeating: 1, count: tokens.count)
        self.model = model
        self.bosID = bosID
        self.eosID = eosID
        self.addsBOS = addsBOS && bosID != nil
        self.chatTemplate = chatTemplate
        var index: [String: Int] = [:]
        index.reserveCapacity(tokens.count)
        for (id, text) in tokens.enumerated() where index[text] == nil { index[text] = id }
        idByToken = index
        specials = SpecialTokens(tokens: tokens, types: self.tokenTypes)
    }

    /// Number of tokens in the vocabulary.
    public var vocabularySize: Int { tokens.count }

    /// The algorithm, as a user reads it: "SentencePiece", or "byte-level BPE (smollm pre-tokenizer)".
    public var algorithm: String {
        switch model {
        case .sentencePiece: return "SentencePiece"
        case .bytePairs(_, let preTokenizer): return "byte-level BPE (\(preTokenizer.rawValue) pre-tokenizer)"
        case .pipeline(let pipeline): return pipeline.decoding == .byteLevel ? "byte-level BPE (tokenizer.json)" : "BPE (tokenizer.json)"
        }
    }

    /// The id of a token text, if the vocabulary has it.
    public func id(of token: String) -> Int? { idByToken[token] }

    /// Token ids for `text`; with `special`, literal control tokens such as `<|im_start|>` become their ids.
    public func encode(_ text: String, special: Bool = false) -> [Int] {
        var ids: [Int] = []
        for (index, segment) in specials.partition(text, includingControl: special).enumerated() {
            switch segment {
            case .special(let id): ids.append(id)
            case .text(let part): ids.append(contentsOf: encodeText(part, isFirst: index == 0))
            }
        }
        return ids
    }

    /// The ids of `text` as a model reads it: special tokens written in it (`<|im_start|>`, `<bos>`) are parsed, as
    /// the `tokenizers` library parses them, and the beginning-of-sequence token goes first where the model expects
    /// one. Every text saescope runs through a model (heatmap, encode, contrast, attribution, activations, prompts)
    /// is read this way.
    public func textIDs(_ text: String) -> [Int] { startingSequence(encode(text, special: true)) }

    /// `ids` with the beginning-of-sequence token in front when the model expects one (Gemma), else as they are:
    /// what every text run through the model starts with.
    public func startingSequence(_ ids: [Int]) -> [Int] {
        guard addsBOS, let bosID, ids.first != bosID else { return ids }
        return [bosID] + ids
    }

    /// The ids of text that holds no special token (`isFirst`: nothing comes before it).
    private func encodeText(_ text: Substring, isFirst: Bool) -> [Int] {
        switch model {
        case .pipeline(let pipeline):
            var ids: [Int] = []
            for piece in pipeline.pieces(of: text, isFirst: isFirst) {
                ids.append(contentsOf: cached(piece) { pipeline.merge(piece, idOf: { self.idByToken[$0] }) })
            }
            return ids
        case .sentencePiece(let pieces):
            return pieces.encode(text, idOf: { self.idByToken[$0] })
        case .bytePairs(let ranks, let preTokenizer):
            var ids: [Int] = []
            for piece in preTokenizer.split(text) {
                ids.append(contentsOf: bytePairs(piece, ranks, wholePieceFirst: preTokenizer.ignoresMerges))
            }
            return ids
        }
    }

    /// Byte-level BPE of one pre-token piece: merge the lowest-ranked adjacent pair, leftmost first, until none merge;
    /// with `wholePieceFirst` (Llama 3's `ignore_merges`), a piece that is itself a token is that token.
    private func bytePairs(_ piece: Substring, _ ranks: [String: Int], wholePieceFirst: Bool) -> [Int] {
        let mapped = ByteLevel.encode(piece)
        if wholePieceFirst, let id = idByToken[mapped] { return [id] }
        return cached(mapped) {
            var merger = PairMerger(symbols: mapped.unicodeScalars.map { String($0) }, priority: { ranks[$0 + " " + $1].map(Float.init) })
            var ids: [Int] = []
            for symbol in merger.merged() {
                if let id = idByToken[symbol] {
                    ids.append(id)
                } else {
                    // As llama.cpp: fall back to one token per byte, dropping bytes the vocabulary lacks.
                    for scalar in symbol.unicodeScalars {
                        if let id = idByToken[String(scalar)] { ids.append(id) }
                    }
                }
            }
            return ids
        }
    }

    /// The ids of `piece` from the cache, or computed and kept (up to 65,536 pieces).
    private func cached(_ piece: String, _ compute: () -> [Int]) -> [Int] {
        cacheLock.lock()
        let hit = pieceCache[piece]
        cacheLock.unlock()
        if let hit { return hit }
        let ids = compute()
        cacheLock.lock()
        if pieceCache.count < 65_536 { pieceCache[piece] = ids }
        cacheLock.unlock()
        return ids
    }

    /// The bytes a token stands for; control tokens give their literal text only when `special` is set.
    public func bytes(of id: Int, special: Bool = false) -> [UInt8] {
        guard id >= 0 && id < tokens.count else { return [] }
        switch tokenTypes[id] {
        case 3, 2: return special ? Array(tokens[id].utf8) : []
        case 4: return Array(tokens[id].utf8)
        default:
            switch model {
            case .sentencePiece(let pieces): return pieces.bytes(of: id, text: tokens[id])
            case .pipeline(let pipeline): return pipeline.bytes(of: tokens[id])
            case .bytePairs:
                var bytes: [UInt8] = []
                ByteLevel.decode(tokens[id], into: &bytes)
                return bytes
            }
        }
    }

    /// The text of a whole token sequence; `isWhole` false for a part of one that other parts will be joined to (the
    /// leading space a decoder strips from a whole text, as Llama 2's does, is kept).
    public func decode(_ ids: [Int], special: Bool = false, isWhole: Bool = true) -> String {
        var bytes: [UInt8] = []
        for id in ids { bytes.append(contentsOf: self.bytes(of: id, special: special)) }
        if isWhole, case .pipeline(let pipeline) = model { return String(decoding: pipeline.stripped(bytes), as: UTF8.self) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text of one token alone (bytes that do not form whole characters show as U+FFFD).
    public func text(of id: Int, special: Bool = true) -> String {
        String(decoding: bytes(of: id, special: special), as: UTF8.self)
    }
}
