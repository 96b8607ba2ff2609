/// The pre-tokenizers of llama.cpp's byte-level BPE vocabularies, implemented by hand over Unicode scalars.
public enum PreTokenizer: String, Sendable, CaseIterable {
    /// Each digit alone, then the GPT-2 regex (StarCoder, SmolLM and relatives).
    case smollm
    /// The GPT-2 regex.
    case gpt2
    /// The Llama 3 regex: digits in groups of up to three, case-insensitive contractions, newline runs.
    case llamaBPE = "llama-bpe"
    /// The Qwen 2 regex: the Llama 3 one with each digit alone.
    case qwen2

    /// The pre-tokenizer for a GGUF `tokenizer.ggml.pre` name, or nil when saescope does not know it.
    public static func named(_ name: String) -> PreTokenizer? {
        switch name {
        case "smollm", "starcoder", "refact", "codeshell", "command-r", "exaone", "minerva-7b": return .smollm
        case "gpt-2", "gpt2", "default", "mpt", "olmo": return .gpt2
        case "llama-bpe", "llama3", "llama-v3": return .llamaBPE
        case "qwen2", "deepseek-r1-qwen": return .qwen2
        default: return nil
        }
    }

    /// Whether a piece that is a token of its own skips the merges (Llama 3's tokenizer sets `ignore_merges`).
    public var ignoresMerges: Bool { self == .llamaBPE }

    /// Splits `text` into pieces; matches and the text between them are both kept, in order.
    public func split(_ text: Substring) -> [Substring] {
        switch self {
        case .gpt2: return Self.splitAll([text], Self.matchGPT2)
        case .llamaBPE: return Self.splitAll([text], { Self.matchLlama3($0, $1, digitRun: 3) })
        case .qwen2: return Self.splitAll([text], { Self.matchLlama3($0, $1, digitRun: 1) })
        case .smollm: return Self.splitAll(Self.splitAll([text], Self.matchDigit), Self.matchGPT2)
        }
    }

    package typealias Matcher = @Sendable (_ scalars: [Unicode.Scalar], _ start: Int) -> Int

    /// Applies one regex to every piece: at each position the matcher gives a match length or 0.
    private static func splitAll(_ pieces: [Substring], _ match: Matcher) -> [Substring] {
        var result: [Substring] = []
        for piece in pieces {
            let scalars = Array(piece.unicodeScalars)
            var indices: [String.Index] = []
            indices.reserveCapacity(scalars.count + 1)
            var index = piece.unicodeScalars.startIndex
            while index < piece.unicodeScalars.endIndex {
                indices.append(index)
                index = piece.unicodeScalars.index(after: index)
            }
            indices.append(piece.unicodeScalars.endIndex)
            var position = 0, gapStart = 0
            while position < scalars.count {
                let length = match(scalars, position)
                if length == 0 {
                    position += 1
                    continue
                }
                if gapStart < position { result.append(piece[indices[gapStart]..<indices[position]]) }
                result.append(piece[indices[position]..<indices[position + length]])
                position += length
                gapStart = position
            }
            if gapStart < scalars.count { result.append(piece[indices[gapStart]..<indices[scalars.count]]) }
        }
        return result
    }

    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    static func isNumber(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber: return true
        default: return false
        }
    }

    static func isSpace(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace }

    static func isOther(_ s: Unicode.Scalar) -> Bool { !isSpace(s) && !isLetter(s) && !isNumber(s) }

    /// `\p{N}`: one number character.
    static func matchDigit(_ s: [Unicode.Scalar], _ i: Int) -> Int { isNumber(s[i]) ? 1 : 0 }

    /// The length of the run starting at `i` whose scalars satisfy `test`.
    static func run(_ s: [Unicode.Scalar], _ i: Int, _ test: (Unicode.Scalar) -> Bool) -> Int {
        var j = i
        while j < s.count && test(s[j]) { j += 1 }
        return j - i
    }

    /// `\s+(?!\S)` then `\s+`: a whitespace run, leaving its last scalar to a following non-space.
    static func matchSpaces(_ s: [Unicode.Scalar], _ i: Int) -> Int {
        let length = run(s, i, isSpace)
        if length == 0 { return 0 }
        if i + length == s.count || length == 1 { return length }
        return length - 1
    }

    /// `'s|'t|'re|'ve|'m|'ll|'d` (optionally case-insensitive).
    static func matchContraction(_ s: [Unicode.Scalar], _ i: Int, ignoringCase: Bool) -> Int {
        guard s[i] == "'", i + 1 < s.count else { return 0 }
        func lower(_ k: Int) -> Unicode.Scalar? {
            guard k < s.count else { return nil }
            guard ignoringCase, s[k].isASCII, let v = Character(s[k]).lowercased().unicodeScalars.first else { return s[k] }
            return v
        }
        switch lower(i + 1) {
        case "s", "t", "m", "d": return 2
        case "r": return lower(i + 2) == "e" ? 3 : 0
        case "v": return lower(i + 2) == "e" ? 3 : 0
        case "l": return lower(i + 2) == "l" ? 3 : 0
        default: return 0
        }
    }

    /// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
    static func matchGPT2(_ s: [Unicode.Scalar], _ i: Int) -> Int {
        let contraction = matchContraction(s, i, ignoringCase: false)
        if contraction > 0 { return contraction }
        let lead = s[i] == " " && i + 1 < s.count ? 1 : 0
        for test in [isLetter, isNumber, isOther] as [(Unicode.Scalar) -> Bool] {
            let length = run(s, i + lead, test)
            if length > 0 { return lead + length }
        }
        return matchSpaces(s, i)
    }

    /// The Llama 3 regex: contractions (any case), `[^\r\n\p{L}\p{N}]?\p{L}+`, `\p{N}{1,3}` (Qwen 2: `\p{N}`, a
    /// `digitRun` of 1), ` ?[^\s\p{L}\p{N}]+[\r\n]*`, `\s*[\r\n]+`, `\s+(?!\S)`, `\s+`.
    static func matchLlama3(_ s: [Unicode.Scalar], _ i: Int, digitRun: Int) -> Int {
        let contraction = matchContraction(s, i, ignoringCase: true)
        if contraction > 0 { return contraction }
        let isNewline: (Unicode.Scalar) -> Bool = { $0 == "\r" || $0 == "\n" }
        if !isNewline(s[i]) && !isLetter(s[i]) && !isNumber(s[i]) && i + 1 < s.count {
            let letters = run(s, i + 1, isLetter)
            if letters > 0 { return 1 + letters }
        }
        let letters = run(s, i, isLetter)
        if letters > 0 { return letters }
        let digits = run(s, i, isNumber)
        if digits > 0 { return min(digits, digitRun) }
        let lead = s[i] == " " && i + 1 < s.count ? 1 : 0
        let others = run(s, i + lead, isOther)
        if others > 0 { return lead + others + run(s, i + lead + others, isNewline) }
        let spaces = run(s, i, isSpace)
        if let lastNewline = (i..<(i + spaces)).last(where: { isNewline(s[$0]) }) { return lastNewline + 1 - i }
        return matchSpaces(s, i)
    }
}
