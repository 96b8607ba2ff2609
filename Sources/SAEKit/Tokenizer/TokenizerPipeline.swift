import Foundation

/// The steps a `tokenizer.json` describes, run as the `tokenizers` library runs them on text between added tokens:
/// normalizers, then pre-tokenizers splitting the text into pieces, then BPE merges on each piece, with unknown
/// characters as their UTF-8 bytes (`byte_fallback`) or the unknown token. Read from the file by `TokenizerJSON`.
struct TokenizerPipeline: Sendable {
    /// A normalizer step.
    enum Normalization: Sendable, Equatable {
        /// Every occurrence of a literal string replaced.
        case replace(String, with: String)
        /// A Unicode normalization form.
        case nfc, nfd, nfkc, nfkd
        /// Lowercase.
        case lowercase
        /// A string put before a non-empty text (Llama 2's `▁`, before each text between added tokens).
        case prepend(String)
    }

    /// How a split keeps the pattern's matches (the `tokenizers` library's `SplitDelimiterBehavior`).
    enum SplitBehavior: String, Sendable {
        /// Matches are pieces of their own.
        case isolated = "Isolated"
        /// Matches are dropped.
        case removed = "Removed"
        /// Each match joins the piece before it.
        case mergedWithPrevious = "MergedWithPrevious"
        /// Each match joins the piece after it.
        case mergedWithNext = "MergedWithNext"
        /// Adjacent matches form one piece.
        case contiguous = "Contiguous"
    }

    /// A pre-tokenizer step.
    enum Split: Sendable {
        /// Pieces cut where the pattern matches, kept as `behavior` says.
        case pattern(SplitPattern, SplitBehavior)
        /// GPT-2's byte characters: a space put first when `addsPrefixSpace` and the piece starts with none, the
        /// piece cut by GPT-2's regex when `splits`, and each part's UTF-8 bytes mapped to printable scalars.
        case byteLevel(addsPrefixSpace: Bool, splits: Bool)
        /// Spaces replaced by `mark` (▁), which is also put first as `prepend` says; with `splits`, each mark starts
        /// a new piece.
        case metaspace(mark: Character, prepend: MetaspacePrepend, splits: Bool)
    }

    /// Where Metaspace puts a mark before the text.
    enum MetaspacePrepend: String, Sendable {
        /// Before every piece of text.
        case always
        /// Before the first piece of text only (not after an added token).
        case first
        /// Never.
        case never
    }

    /// How a token's text becomes bytes again.
    enum Decoding: Sendable, Equatable {
        /// GPT-2's byte characters mapped back to bytes.
        case byteLevel
        /// Pieces: `<0xXX>` as that byte (`ByteFallback`), the space mark (▁) as a space; then up to `strippedSpaces`
        /// spaces removed from the start of the decoded text (Llama 2's `Strip` decoder after `Fuse`).
        case pieces(spaceMark: Character?, strippedSpaces: Int)
    }

    /// A pair of adjacent symbols that may merge.
    struct Pair: Hashable, Sendable {
        let left: String, right: String
    }

    /// Normalizer steps, in order.
    let normalization: [Normalization]
    /// Pre-tokenizer steps, in order.
    let splits: [Split]
    /// Each merge's rank (lower merges first).
    let mergeRank: [Pair: Int]
    /// Whether a piece that is itself a token is taken whole, before any merge (`ignore_merges`).
    let ignoresMerges: Bool
    /// Whether characters outside the vocabulary become their `<0xXX>` byte tokens.
    let byteFallback: Bool
    /// The unknown token, for characters with no token and no byte fallback.
    let unknownID: Int?
    /// Whether adjacent unknown tokens are fused into one.
    let fusesUnknown: Bool
    /// How tokens decode.
    let decoding: Decoding

    /// The pieces of `text` (text between added tokens; `isFirst` when nothing precedes it), after normalization and
    /// pre-tokenization.
    func pieces(of text: Substring, isFirst: Bool) -> [String] {
        var normalized = String(text)
        for step in normalization { normalized = Self.normalize(normalized, step) }
        var pieces = [normalized]
        for split in splits {
            pieces = pieces.flatMap { Self.split($0, split, isFirst: isFirst) }
        }
        return pieces.filter { !$0.isEmpty }
    }

    /// Token ids of one piece: merges by rank on its characters, then each symbol's id, with byte fallback.
    func merge(_ piece: String, idOf: (String) -> Int?) -> [Int] {
        if ignoresMerges, let id = idOf(piece) { return [id] }
        var merger = PairMerger(symbols: piece.unicodeScalars.map { String($0) },
                                priority: { left, right in mergeRank[Pair(left: left, right: right)].map(Float.init) })
        var ids: [Int] = []
        for symbol in merger.merged() {
            if let id = idOf(symbol) {
                ids.append(id)
                continue
            }
            if byteFallback {
                let bytes = symbol.utf8.map { idOf(String(format: "<0x%02X>", $0)) }
                if bytes.allSatisfy({ $0 != nil }) {
                    ids.append(contentsOf: bytes.map { $0! })
                    continue
                }
            }
            guard let unknownID else { continue }
            if fusesUnknown, ids.last == unknownID { continue }
            ids.append(unknownID)
        }
        return ids
    }

    /// `decoded` (a whole sequence's bytes) with the spaces the decoder strips from its start removed.
    func stripped(_ decoded: [UInt8]) -> ArraySlice<UInt8> {
        guard case .pieces(_, let count) = decoding else { return decoded[...] }
        return decoded.dropFirst(decoded.prefix(count).prefix { $0 == 0x20 }.count)
    }

    /// The bytes token text `text` stands for.
    func bytes(of text: String) -> [UInt8] {
        switch decoding {
        case .byteLevel:
            var bytes: [UInt8] = []
            ByteLevel.decode(text, into: &bytes)
            return bytes
        case .pieces(let mark, _):
            if text.count == 6, text.hasPrefix("<0x"), text.hasSuffix(">"), let byte = UInt8(text.dropFirst(3).prefix(2), radix: 16) {
                return [byte]
            }
            guard let mark else { return Array(text.utf8) }
            return Array(text.replacingOccurrences(of: String(mark), with: " ").utf8)
        }
    }

    private static func normalize(_ text: String, _ step: Normalization) -> String {
        switch step {
        case .replace(let pattern, let content): return text.replacingOccurrences(of: pattern, with: content)
        case .nfc: return text.precomposedStringWithCanonicalMapping
        case .nfd: return text.decomposedStringWithCanonicalMapping
        case .nfkc: return text.precomposedStringWithCompatibilityMapping
        case .nfkd: return text.decomposedStringWithCompatibilityMapping
        case .lowercase: return text.lowercased()
        case .prepend(let prefix): return text.isEmpty ? text : prefix + text
        }
    }

    private static func split(_ piece: String, _ step: Split, isFirst: Bool) -> [String] {
        switch step {
        case .pattern(let pattern, let behavior):
            return cut(piece, at: pattern.matches(in: piece), behavior)
        case .byteLevel(let addsPrefixSpace, let splits):
            let text = addsPrefixSpace && !piece.hasPrefix(" ") ? " " + piece : piece
            let parts = splits ? cut(text, at: SplitPattern.matcher(PreTokenizer.matchGPT2).matches(in: text), .isolated) : [text]
            return parts.map { ByteLevel.encode($0[...]) }
        case .metaspace(let mark, let prepend, let splits):
            var text = piece.replacingOccurrences(of: " ", with: String(mark))
            if (prepend == .always || (prepend == .first && isFirst)) && !text.hasPrefix(String(mark)) { text = String(mark) + text }
            guard splits else { return [text] }
            let marks = text.unicodeScalars.indices.filter { text.unicodeScalars[$0] == mark.unicodeScalars.first! }
            return cut(text, at: marks.map { $0..<text.unicodeScalars.index(after: $0) }, .mergedWithNext)
        }
    }

    /// `piece` cut at `matches` (ascending, disjoint), the matches kept as `behavior` says.
    static func cut(_ piece: String, at matches: [Range<String.Index>], _ behavior: SplitBehavior) -> [String] {
        guard !matches.isEmpty else { return [piece] }
        // Each span is (range, isMatch), covering the whole piece in order.
        var spans: [(Range<String.Index>, Bool)] = []
        var position = piece.startIndex
        for match in matches {
            if position < match.lowerBound { spans.append((position..<match.lowerBound, false)) }
            if !match.isEmpty { spans.append((match, true)) }
            position = match.upperBound
        }
        if position < piece.endIndex { spans.append((position..<piece.endIndex, false)) }
        // As the `tokenizers` library folds them: a match joins its neighbour only when that neighbour is not a match.
        var pieces: [String] = []
        var lastWasMatch = false
        let ordered = behavior == .mergedWithNext ? Array(spans.reversed()) : spans
        for (range, isMatch) in ordered {
            let text = String(piece[range])
            switch behavior {
            case .isolated: pieces.append(text)
            case .removed: if !isMatch { pieces.append(text) }
            case .mergedWithPrevious:
                if isMatch, !lastWasMatch, !pieces.isEmpty { pieces[pieces.count - 1] += text } else { pieces.append(text) }
            case .mergedWithNext:
                if isMatch, !lastWasMatch, !pieces.isEmpty { pieces[pieces.count - 1] = text + pieces[pieces.count - 1] } else { pieces.append(text) }
            case .contiguous:
                if isMatch == lastWasMatch, !pieces.isEmpty { pieces[pieces.count - 1] += text } else { pieces.append(text) }
            }
            lastWasMatch = isMatch
        }
        if behavior == .mergedWithNext { pieces.reverse() }
        return pieces
    }
}
