import Foundation

/// What a `Split` pre-tokenizer cuts at: a literal string, or a regular expression. The regexes the families saescope
/// runs use (GPT-2's, Llama 3's, Qwen 2's, `\p{N}`) run as hand-written matchers (`PreTokenizer`'s, held to the regex
/// engine by tests); any other regex runs on Foundation's engine (ICU, whose syntax covers the Oniguruma subset these
/// files use).
// @unchecked Sendable: NSRegularExpression is immutable and documented thread-safe.
package enum SplitPattern: @unchecked Sendable {
    /// Occurrences of a literal string.
    case literal(String)
    /// A hand-written matcher for a known regex: at each scalar, a match length or 0.
    case matcher(PreTokenizer.Matcher)
    /// Any other regex.
    case regex(NSRegularExpression)

    /// The regexes with a hand-written matcher, by their text as `tokenizer.json` writes them.
    package static let known: [String: PreTokenizer.Matcher] = [
        #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#: PreTokenizer.matchGPT2,
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#:
            { PreTokenizer.matchLlama3($0, $1, digitRun: 3) },
        #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#:
            { PreTokenizer.matchLlama3($0, $1, digitRun: 1) },
        #"\p{N}"#: PreTokenizer.matchDigit,
    ]

    /// The pattern for a regex's text; an error names `source` when the regex does not compile.
    static func regex(_ text: String, source: String) throws -> SplitPattern {
        if let matcher = known[text] { return .matcher(matcher) }
        return .regex(try compiled(text, source: source))
    }

    /// `text` compiled by Foundation's engine, or an error naming `source`.
    package static func compiled(_ text: String, source: String) throws -> NSRegularExpression {
        do {
            return try NSRegularExpression(pattern: text)
        } catch {
            throw InputError(source, "pre-tokenizer regex '\(text)' does not compile")
        }
    }

    /// The matches in `text`, in order and disjoint, as ranges of its indices.
    package func matches(in text: String) -> [Range<String.Index>] {
        switch self {
        case .literal(let literal):
            guard !literal.isEmpty else { return [] }
            var ranges: [Range<String.Index>] = []
            var start = text.startIndex
            while let found = text.range(of: literal, range: start..<text.endIndex) {
                ranges.append(found)
                start = found.upperBound
            }
            return ranges
        case .regex(let regex):
            // By UTF-16 offsets: a match may end inside a grapheme ("\r" of "\r\n"), where `Range(_:in:)` gives nil.
            return regex.matches(in: text, range: NSRange(location: 0, length: text.utf16.count)).map { match in
                String.Index(utf16Offset: match.range.location, in: text)..<String.Index(utf16Offset: NSMaxRange(match.range), in: text)
            }
        case .matcher(let match):
            let scalars = Array(text.unicodeScalars)
            var indices = Array(text.unicodeScalars.indices)
            indices.append(text.unicodeScalars.endIndex)
            var ranges: [Range<String.Index>] = []
            var position = 0
            while position < scalars.count {
                let length = match(scalars, position)
                if length == 0 {
                    position += 1
                    continue
                }
                ranges.append(indices[position]..<indices[position + length])
                position += length
            }
            return ranges
        }
    }
}
