import Foundation
import SAEKit
import TermKit

/// A feature's dashboard as plain text for the terminal: activations in examples shown as [token:value], control
/// characters from the index (labels, tokens) as their pictures.
enum FeatureDashboardText {
    /// The dashboard of `record`.
    static func render(_ record: FeatureRecord) -> String {
        var lines = [
            "feature \(record.id): \(record.label)",
            String(format: "density %.4f%%   max %.3f   mean %.3f", record.density * 100, record.maxActivation, record.meanActivation),
            "top tokens: " + record.topTokens.joined(separator: "  "),
            "histogram (0 → max): " + sparkline(record.histogram),
            "promotes: " + record.promoted.map { String(format: "%@ %+.2f", AutoLabel.visible($0.token), $0.effect) }.joined(separator: ", "),
            "suppresses: " + record.suppressed.map { String(format: "%@ %+.2f", AutoLabel.visible($0.token), $0.effect) }.joined(separator: ", "),
            "",
            "top examples:",
        ]
        lines += record.topExamples.map { "  " + example($0) }
        if !record.quantileExamples.isEmpty {
            lines.append("examples at the 25th, 50th and 75th percentile of firing activations:")
            lines += record.quantileExamples.map { "  " + example($0) }
        }
        return lines.map(DisplayWidth.visibleText).joined(separator: "\n")
    }

    /// One example: the text, with each token where the feature fires written [token:activation].
    static func example(_ example: FeatureExample) -> String {
        let body = zip(example.tokens, example.activations).map { token, value in
            let shown = token.replacingOccurrences(of: "\n", with: "⏎")
            return value > 0 ? "[\(shown):\(String(format: "%.1f", value))]" : shown
        }.joined()
        return String(format: "%6.2f  ", example.maxActivation) + DisplayWidth.visibleText(body)
    }

    /// Counts drawn as block characters.
    static func sparkline(_ counts: [Int]) -> String {
        let blocks: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let top = max(counts.max() ?? 0, 1)
        return String(counts.map { blocks[$0 == 0 ? 0 : max(1, Int((Double($0) / Double(top) * 8).rounded()))] })
    }
}
