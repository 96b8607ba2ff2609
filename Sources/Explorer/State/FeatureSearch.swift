import Foundation

/// Finds features by id: every id whose decimal digits start with the typed digits, in id order.
public enum FeatureSearch {
    /// The ids among `0..<count` matching `query` (all of them when it is blank; none when it is not a number).
    public static func matches(_ query: String, count: Int) -> [Int] {
        let text = query.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return Array(0..<count) }
        guard text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber), let prefix = Int(text) else { return [] }
        if text.hasPrefix("0") { return text == "0" && count > 0 ? [0] : [] }
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

    /// The ids whose label contains every word of `query` (case-insensitive), in id order.
    public static func labelMatches(_ query: String, labels: [String]) -> [Int] {
        let words = query.lowercased().split(separator: " ")
        return labels.indices.filter { id in
            let label = labels[id].lowercased()
            return words.allSatisfy { label.contains($0) }
        }
    }

    /// Whether the query looks like a label search, which needs the feature index.
    public static func isLabelQuery(_ query: String) -> Bool {
        let text = query.trimmingCharacters(in: .whitespaces)
        return !text.isEmpty && !text.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
