import Foundation

/// The words around a feature's strongest examples that are much more common there than in held-out text at large:
/// what a label can add to the peak tokens, taken from the data and not from any model's explanation.
public struct ContextWords: Sendable {
    /// In how many held-out contexts each word occurs.
    private let contextFrequency: [String: Int]
    /// How many held-out contexts were counted.
    private let contextCount: Int
    /// The fewest examples a word must appear in, and the least share of them.
    public static let minimumSupport = 3, minimumShare = 0.2
    /// How many times more often a word must appear among the examples than among held-out contexts.
    public static let minimumEnrichment = 3.0

    /// Counts the words of every context (token ids) of held-out text.
    public init(contexts: [[Int]], tokenizer: Tokenizer) {
        self.init(texts: contexts.map { tokenizer.decode($0) })
    }

    /// Counts the words of every held-out text.
    public init(texts: [String]) {
        var frequency: [String: Int] = [:]
        for text in texts {
            for word in Set(Self.words(in: text).map(\.word)) { frequency[word, default: 0] += 1 }
        }
        contextFrequency = frequency
        contextCount = texts.count
    }

    /// Up to `keep` words that at least `minimumSupport` (and `minimumShare`) of `examples` hold and that are at least
    /// `minimumEnrichment` times commoner there than in held-out contexts, most telling first (support times inverse
    /// context frequency); words that spell one of `shown` (the label's tokens) are left out.
    public func characteristic(of examples: [Set<String>], shown: [String], keep: Int = 3) -> [String] {
        guard !examples.isEmpty else { return [] }
        let shownWords = Set(shown.map { $0.filter(\.isLetter).lowercased() })
        var support: [String: Int] = [:]
        for words in examples { for word in words where !shownWords.contains(word) { support[word, default: 0] += 1 } }
        let needed = max(Self.minimumSupport, Int((Self.minimumShare * Double(examples.count)).rounded(.up)))
        let contexts = Double(contextCount + 1)
        let scored: [(word: String, score: Double)] = support.compactMap { word, count in
            guard count >= needed else { return nil }
            let background = Double((contextFrequency[word] ?? 0) + 1) / contexts
            let share = Double(count) / Double(examples.count)
            guard share >= Self.minimumEnrichment * background else { return nil }
            return (word, Double(count) * -Foundation.log(background))
        }
        return scored.sorted { $0.score != $1.score ? $0.score > $1.score : $0.word < $1.word }.prefix(keep).map(\.word)
    }

    /// The whole words of an example window (token ids) other than the one the peak token is part of; a word that
    /// touches either end of the window may be cut by it, and is left out too.
    public static func words(ofWindow ids: [Int], peak: Int, tokenizer: Tokenizer) -> Set<String> {
        let before = tokenizer.decode(Array(ids[..<peak]), isWhole: false), at = tokenizer.decode([ids[peak]], isWhole: false)
        let after = tokenizer.decode(Array(ids[(peak + 1)...]), isWhole: false)
        let peakStart = before.count, peakEnd = peakStart + at.count, end = peakEnd + after.count
        return Set(words(in: before + at + after).filter { found in
            let whole = found.range.lowerBound > 0 && found.range.upperBound < end
            return whole && (found.range.upperBound <= peakStart || found.range.lowerBound >= peakEnd)
        }.map(\.word))
    }

    /// The runs of 3 to 24 letters in `text`, lowercased, with their character offsets.
    static func words(in text: String) -> [(word: String, range: Range<Int>)] {
        var found: [(String, Range<Int>)] = [], current = "", start = 0, offset = 0
        func close() {
            if (3...24).contains(current.count) { found.append((current.lowercased(), start..<offset)) }
            current = ""
        }
        for character in text {
            if character.isLetter {
                if current.isEmpty { start = offset }
                current.append(character)
            } else if !current.isEmpty {
                close()
            }
            offset += 1
        }
        close()
        return found
    }
}
