import Foundation

/// Cleans text a model wrote for the corpus: cuts a document at its first repeated sentence (small models loop), ends
/// a document cut off by the token limit at its last whole sentence, removes lines already seen in `lineRepeatLimit`
/// earlier documents (stock phrases), and drops documents that come out short or exactly like an earlier one.
public struct GeneratedTextFilter {
    /// Shortest document kept, in characters.
    public let minimumCharacters: Int
    /// A line seen in this many earlier documents is removed from later ones.
    public let lineRepeatLimit: Int
    /// Sentences shorter than this may repeat (list markers, short replies in a dialogue).
    static let shortestRepeatedSentence = 16

    private var documents: Set<String> = []
    private var lineCounts: [String: Int] = [:]

    /// A filter with nothing seen yet.
    public init(minimumCharacters: Int = 300, lineRepeatLimit: Int = 3) {
        self.minimumCharacters = minimumCharacters
        self.lineRepeatLimit = lineRepeatLimit
    }

    /// Number of documents kept (or remembered) so far.
    public var keptCount: Int { documents.count }

    /// The cleaned `text`, or nil when it is to be dropped; `stopped` says whether the model ended it itself (else
    /// the token limit cut it). A kept document counts towards later documents' repeated lines and duplicates.
    public mutating func clean(_ text: String, stopped: Bool) -> String? {
        var (lines, repeated) = Self.untilFirstRepeat(text.replacingOccurrences(of: "\r\n", with: "\n"))
        if !stopped || repeated { lines = Self.wholeSentences(lines) }
        lines = lines.filter { line in
            let key = Self.normalized(line)
            return key.isEmpty || lineCounts[key, default: 0] < lineRepeatLimit
        }
        let cleaned = Self.collapsedBlankLines(lines).joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        guard cleaned.count >= minimumCharacters, !documents.contains(Self.normalized(cleaned)) else { return nil }
        remember(cleaned)
        return cleaned
    }

    /// Counts an already kept document (read back from the output when a run resumes) as `clean` would have.
    public mutating func remember(_ text: String) {
        documents.insert(Self.normalized(text))
        for line in Set(text.split(separator: "\n").map { Self.normalized(String($0)) }) where !line.isEmpty {
            lineCounts[line, default: 0] += 1
        }
    }

    /// The lines of `text` up to its first sentence that already occurred in it (that sentence's line keeps what came
    /// before the repeat), and whether there was one.
    static func untilFirstRepeat(_ text: String) -> (lines: [String], repeated: Bool) {
        var seen: Set<String> = [], kept: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            var keptPart = ""
            for sentence in sentences(line) {
                let key = normalized(sentence)
                if key.count >= shortestRepeatedSentence && !seen.insert(key).inserted {
                    if !keptPart.trimmingCharacters(in: .whitespaces).isEmpty { kept.append(keptPart) }
                    return (kept, true)
                }
                keptPart += sentence
            }
            kept.append(line)
        }
        return (kept, false)
    }

    /// `lines` ending at their last whole sentence: a last line that does not end one is cut after its last sentence
    /// end, or dropped.
    static func wholeSentences(_ lines: [String]) -> [String] {
        var lines = lines
        while let last = lines.last {
            let trimmed = last.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                lines.removeLast()
                continue
            }
            if let end = trimmed.last, ".!?\"')]»".contains(end) { return lines }
            let parts = sentences(last)
            lines.removeLast()
            if parts.count > 1 {
                lines.append(parts.dropLast().joined())
                return lines
            }
        }
        return lines
    }

    /// A line split after each sentence end (".", "!" or "?" followed by a space); the pieces join back to the line.
    static func sentences(_ line: String) -> [String] {
        var pieces: [String] = [], current = ""
        var previous: Character = " "
        for character in line {
            if character == " " && ".!?".contains(previous) {
                pieces.append(current)
                current = ""
            }
            current.append(character)
            previous = character
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// Lowercased, with runs of whitespace as single spaces and no leading or trailing space.
    static func normalized(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// `lines` with no more than one blank line in a row.
    private static func collapsedBlankLines(_ lines: [String]) -> [String] {
        var result: [String] = []
        for line in lines {
            let blank = line.trimmingCharacters(in: .whitespaces).isEmpty
            if blank && (result.last.map { $0.trimmingCharacters(in: .whitespaces).isEmpty } ?? true) { continue }
            result.append(line)
        }
        return result
    }
}
