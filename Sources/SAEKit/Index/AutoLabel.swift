/// Automatic feature labels from the tokens a feature fires on most strongly.
public enum AutoLabel {
    /// The tokens at the peak of each example, most frequent first (ties: stronger first), made visible.
    public static func topTokens(_ examples: [FeatureExample], keep: Int = 8) -> [String] {
        var weight: [String: (count: Int, activation: Float)] = [:]
        for example in examples {
            guard let peak = example.activations.indices.max(by: { example.activations[$0] < example.activations[$1] }) else { continue }
            let token = visible(example.tokens[peak])
            let current = weight[token] ?? (0, 0)
            weight[token] = (current.count + 1, current.activation + example.activations[peak])
        }
        return weight.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.value.activation > $1.value.activation }
            .prefix(keep).map(\.key)
    }

    /// Up to three top tokens joined by " · ", or a note when the feature never fired.
    public static func label(topTokens: [String], fired: Bool) -> String {
        guard fired else { return "(dead on held-out text)" }
        return topTokens.prefix(3).joined(separator: " · ")
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
