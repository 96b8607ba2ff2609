/// Automatic feature labels from the tokens a feature fires on most strongly.
public enum AutoLabel {
    /// The tokens at the peak of each example, most frequent first (ties: stronger first), made visible. With a
    /// tokenizer, a peak token that holds part of a character is read with its neighbours as that whole character.
    public static func topTokens(_ examples: [FeatureExample], tokenizer: Tokenizer? = nil, keep: Int = 8) -> [String] {
        var weight: [String: (count: Int, activation: Float)] = [:]
        for example in examples {
            guard let peak = example.peak else { continue }
            let text = tokenizer.map { peakText(ids: example.ids, peak: peak, tokenizer: $0) } ?? example.tokens[peak]
            let token = visible(text)
            let current = weight[token] ?? (0, 0)
            weight[token] = (current.count + 1, current.activation + example.activations[peak])
        }
        return weight.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.value.activation > $1.value.activation }
            .prefix(keep).map(\.key)
    }

    /// The characters the token at `peak` takes part in: its own text when it holds whole characters; otherwise the
    /// whole characters its bytes belong to, completed from the tokens around it (a character split over byte tokens
    /// reads as itself instead of U+FFFD).
    public static func peakText(ids: [Int], peak: Int, tokenizer: Tokenizer) -> String {
        let own = tokenizer.bytes(of: ids[peak], special: true)
        if String(validating: own, as: UTF8.self) != nil { return String(decoding: own, as: UTF8.self) }
        // A character is at most 4 bytes, so three tokens each side hold every one the peak takes part in; weighted
        // alone, the peak is where each of them shows.
        let window = max(0, peak - 3)..<min(ids.count, peak + 4)
        let texts = TokenCharacters.texts(window.map { tokenizer.bytes(of: ids[$0], special: true) },
                                          weights: window.map { $0 == peak ? 1 : 0 })
        return texts[peak - window.lowerBound]
    }

    /// How many top tokens a label shows.
    public static let shownTokens = 3

    /// Up to three top tokens joined by " · ", then the examples' characteristic context words after " — ", or a
    /// note when the feature never fired.
    public static func label(topTokens: [String], contextWords: [String] = [], fired: Bool) -> String {
        guard fired else { return "(dead on held-out text)" }
        let tokens = topTokens.prefix(shownTokens).joined(separator: " · ")
        return contextWords.isEmpty ? tokens : tokens + " — " + contextWords.joined(separator: ", ")
    }

    /// A token with its whitespace shown: leading/trailing spaces as "␣", newlines as "⏎", tabs as "⇥".
    public static func visible(_ token: String) -> String {
        var text = token.replacingOccurrences(of: "\n", with: "⏎").replacingOccurrences(of: "\t", with: "⇥")
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return String(repeating: "␣", count: max(text.count, 1)) }
        if text.hasPrefix(" ") { text = trimmed }
        return text
    }
}

import Foundation
