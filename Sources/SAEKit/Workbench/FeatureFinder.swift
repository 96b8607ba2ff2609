/// The one search over a dictionary's features, which the command line (`saescope search`) and the explorer's `/`
/// both run: by id (every id starting with the digits typed, the exact one first), or by words, each of which must
/// appear (case-insensitive, anywhere in a word) in one of the feature's texts: the user's name and notes, an imported
/// explanation, the index's label and top tokens. Each text is kept as its words in order (a label's and the top
/// tokens' strongest first), so a word found early counts for more than one found late.
public struct FeatureFinder: Sendable {
    /// How many features the dictionary has.
    public let featureCount: Int
    /// Each searched field, highest weight first: the weight a query word found there adds to the score, and each
    /// feature's text, lowercased, as UTF-8 (nil where it has none). A lowercased word found in these bytes is found in
    /// the text: UTF-8 lets a character's bytes match only where the character starts.
    private let fields: [(weight: Int, texts: [[UInt8]?])]

    /// A search over `featureCount` features with these texts (any may be missing): the index's `labels` and
    /// `topTokens` (by feature id), imported explanations and the user's annotations.
    public init(featureCount: Int, labels: [String]? = nil, topTokens: [String]? = nil,
                imported: [Int: ImportedLabel] = [:], annotations: [Int: Annotation] = [:]) {
        self.featureCount = featureCount
        func bytes(_ text: String) -> [UInt8]? { text.isEmpty ? nil : Array(text.lowercased().utf8) }
        func byFeature(_ texts: [String]?) -> [[UInt8]?] {
            var result = [[UInt8]?](repeating: nil, count: texts == nil ? 0 : featureCount)
            for (feature, text) in (texts ?? []).prefix(featureCount).enumerated() { result[feature] = bytes(text) }
            return result
        }
        func sparse(_ texts: [Int: String]) -> [[UInt8]?] {
            var result = [[UInt8]?](repeating: nil, count: texts.isEmpty ? 0 : featureCount)
            for (feature, text) in texts where feature >= 0 && feature < featureCount { result[feature] = bytes(text) }
            return result
        }
        // A word in the user's own name counts most, then an imported explanation, the index's label, its top tokens,
        // and the user's notes.
        fields = [(5, sparse(annotations.mapValues(\.name))), (4, sparse(imported.mapValues(\.text))), (3, byFeature(labels)),
                  (2, byFeature(topTokens)), (1, sparse(annotations.mapValues(\.notes)))].filter { !$0.1.isEmpty }
    }

    /// Whether `query` is a search by words (anything but digits, with an optional leading `#`).
    public static func isWordQuery(_ query: String) -> Bool {
        let text = query.trimmingCharacters(in: .whitespaces)
        return !text.isEmpty && idPrefix(text) == nil
    }

    /// Whether any feature has a text to search by words.
    public var hasTexts: Bool { fields.contains { $0.texts.contains { $0 != nil } } }

    /// The features matching `query`, best first: every feature for a blank query; for digits, the ids starting with
    /// them in increasing order; for words, those whose texts hold every word, by the score of the fields they were
    /// found in (the user's name first, then imported explanations, labels, top tokens, notes), then by how early in
    /// those texts they were found, then by id.
    public func find(_ query: String) -> [Int] {
        let text = query.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return Array(0..<featureCount) }
        if let digits = Self.idPrefix(text) { return Self.ids(startingWith: digits, count: featureCount) }
        let words = text.lowercased().split(separator: " ").map { Array($0.utf8) }
        var scored: [(feature: Int, score: Int, lateness: Int)] = []
        for feature in 0..<featureCount {
            var score = 0, lateness = 0
            for word in words {
                // The field of the highest weight holding the word, and the word's place among that text's words.
                guard let (weight, place) = Self.firstMatch(of: word, for: feature, in: fields) else {
                    score = 0
                    break
                }
                score += weight
                lateness += place
            }
            if score > 0 { scored.append((feature, score, lateness)) }
        }
        return scored.sorted {
            ($0.score, -$0.lateness, -$0.feature) > ($1.score, -$1.lateness, -$1.feature)
        }.map(\.feature)
    }

    /// The weight of the first of `fields` (highest weight first) whose text for `feature` holds `word`, and how many
    /// words of that text come before it.
    private static func firstMatch(of word: [UInt8], for feature: Int, in fields: [(weight: Int, texts: [[UInt8]?])]) -> (Int, Int)? {
        for field in fields {
            guard feature < field.texts.count, let text = field.texts[feature] else { continue }
            if let found = offset(of: word, in: text) { return (field.weight, text[..<found].reduce(0) { $1 == 0x20 ? $0 + 1 : $0 }) }
        }
        return nil
    }

    /// Where `needle` (not empty) first starts in `haystack`, if it does.
    private static func offset(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count, let first = needle.first else { return nil }
        return haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                for start in 0...(h.count - n.count) where h[start] == first {
                    var i = 1
                    while i < n.count && h[start + i] == n[i] { i += 1 }
                    if i == n.count { return start }
                }
                return nil
            }
        }
    }

    /// The digits of an id query (`12` or `#12`), nil when it is not one.
    private static func idPrefix(_ text: String) -> String? {
        let digits = text.hasPrefix("#") ? String(text.dropFirst()) : text
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return digits
    }

    /// The ids among `0..<count` whose decimal form starts with `digits`, in increasing order.
    private static func ids(startingWith digits: String, count: Int) -> [Int] {
        if digits.hasPrefix("0") { return digits == "0" && count > 0 ? [0] : [] }
        guard let prefix = Int(digits) else { return [] }
        // The ids starting with `prefix` are prefix·10^k … (prefix+1)·10^k − 1 for k = 0, 1, 2, …
        var result: [Int] = []
        var low = prefix, high = prefix + 1
        while low < count {
            result.append(contentsOf: low..<min(high, count))
            guard low <= Int.max / 10 else { break }
            low *= 10
            high *= 10
        }
        return result
    }
}
