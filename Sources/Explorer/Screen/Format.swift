import Foundation

/// Numbers as the panes show them.
package enum Format {
    /// A firing density as a percentage with three significant digits, e.g. "0.0123%" (one decimal from 10%).
    package static func percent(_ fraction: Float?) -> String {
        guard let fraction, fraction.isFinite else { return "–" }
        let value = Double(fraction) * 100
        if value == 0 { return "0%" }
        if value >= 10 { return String(format: "%.1f%%", value) }
        return String(format: "%#.3g%%", value)
    }

    /// A value with two decimals, or "–" when missing.
    package static func number(_ value: Float?) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.2f", Double(value))
    }

    /// A strength or multiplier as short as it reads: "3", "2.5", "0.25".
    package static func strength(_ value: Float) -> String { String(format: "%g", Double(value)) }

    /// A value on an axis from `low` to `high`, with three significant digits or as many as the span needs for the
    /// two ends to differ.
    package static func axis(_ value: Float, low: Float, high: Float) -> String {
        let magnitude = max(abs(low), abs(high)), span = high - low
        let digits = span > 0 && magnitude > 0 ? max(3, Int((log10(Double(magnitude / span))).rounded(.up)) + 2) : 3
        return String(format: "%.*g", min(digits, 9), Double(value))
    }

    /// A cosine similarity with three decimals.
    package static func cosine(_ value: Float) -> String { String(format: "%.3f", Double(value)) }

    /// Text padded with spaces on the left to `width` columns.
    package static func right(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// Text padded with spaces on the right to `width` columns.
    package static func left(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
