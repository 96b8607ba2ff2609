import Foundation

/// Finds features: by id prefix, by label words, or by how strongly they fire on a text.
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

    /// The features that fire on `tokens`, strongest first: by the peak activation over the text relative to the
    /// feature's recorded maximum (raw activation when there is none), so a feature near its own peak outranks a
    /// feature that is merely large everywhere.
    public static func firingMost(on tokens: [EncodedToken], maxActivation: [Float]?) -> [Int] {
        ranked(peaks(on: tokens, maxActivation: maxActivation))
    }

    /// The features that fire on `first` and not on `second` (contrastive search), most contrasting first: by the
    /// peak over `first` less the peak over `second`, each relative to the feature's recorded maximum as in
    /// `firingMost`; a feature that fires as strongly on `second` is left out.
    public static func firingMore(on first: [EncodedToken], than second: [EncodedToken], maxActivation: [Float]?) -> [Int] {
        let other = peaks(on: second, maxActivation: maxActivation)
        var contrast: [Int: Float] = [:]
        for (feature, peak) in peaks(on: first, maxActivation: maxActivation) where peak > (other[feature] ?? 0) {
            contrast[feature] = peak - (other[feature] ?? 0)
        }
        return ranked(contrast)
    }

    /// Each feature's peak activation over `tokens`, relative to its recorded maximum (raw when there is none).
    public static func peaks(on tokens: [EncodedToken], maxActivation: [Float]?) -> [Int: Float] {
        var peak: [Int: Float] = [:]
        for token in tokens {
            for item in token.features where item.value > 0 {
                let recorded = maxActivation.flatMap { item.feature < $0.count ? $0[item.feature] : nil } ?? 0
                let score = recorded > 0 ? item.value / recorded : item.value
                peak[item.feature] = max(peak[item.feature] ?? 0, score)
            }
        }
        return peak
    }

    /// The features by score, highest first (ties by id).
    private static func ranked(_ scores: [Int: Float]) -> [Int] {
        scores.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
    }

    /// Whether the query looks like a label search, which needs the feature index.
    public static func isLabelQuery(_ query: String) -> Bool {
        let text = query.trimmingCharacters(in: .whitespaces)
        return !text.isEmpty && !text.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
