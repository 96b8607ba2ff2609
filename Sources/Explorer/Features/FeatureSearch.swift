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

    /// The features that fire on `tokens`, strongest first: by the peak activation over the text (or by `measure`)
    /// relative to the feature's recorded maximum (raw activation when there is none), so a feature near its own peak
    /// outranks a feature that is merely large everywhere.
    public static func firingMost(on tokens: [EncodedToken], maxActivation: [Float]?, by measure: Measure = .peak) -> [Int] {
        ranked(scores(on: tokens, maxActivation: maxActivation, by: measure))
    }

    /// How a feature's firing over a text is scored: its peak (the strongest token), or its mean over all the
    /// tokens (zero where it does not fire), which favours features that fire throughout the text, on its topic or
    /// style, over those that fire strongly on one word. Both are relative to each feature's recorded maximum.
    public enum Measure: String, CaseIterable, Sendable {
        case peak, mean
    }

    /// The features that fire on `first` and not on `second` (contrastive search), most contrasting first: by the
    /// score over `first` less the score over `second` (`measure`, relative to the feature's recorded maximum as in
    /// `firingMost`); a feature that scores as high on `second` is left out.
    public static func firingMore(on first: [EncodedToken], than second: [EncodedToken], maxActivation: [Float]?,
                                  by measure: Measure = .peak) -> [Int] {
        let other = scores(on: second, maxActivation: maxActivation, by: measure)
        var contrast: [Int: Float] = [:]
        for (feature, score) in scores(on: first, maxActivation: maxActivation, by: measure) where score > (other[feature] ?? 0) {
            contrast[feature] = score - (other[feature] ?? 0)
        }
        return ranked(contrast)
    }

    /// Each feature's score over `tokens` by `measure`, relative to its recorded maximum (raw when there is none).
    public static func scores(on tokens: [EncodedToken], maxActivation: [Float]?, by measure: Measure) -> [Int: Float] {
        switch measure {
        case .peak: return peaks(on: tokens, maxActivation: maxActivation)
        case .mean: return means(on: tokens, maxActivation: maxActivation)
        }
    }

    /// Each feature's peak activation over `tokens`, relative to its recorded maximum (raw when there is none).
    public static func peaks(on tokens: [EncodedToken], maxActivation: [Float]?) -> [Int: Float] {
        var peak: [Int: Float] = [:]
        forEachRelativeActivation(in: tokens, maxActivation: maxActivation) { peak[$0] = max(peak[$0] ?? 0, $1) }
        return peak
    }

    /// Each feature's mean activation over all of `tokens` (zero where it does not fire), relative to its recorded
    /// maximum (raw when there is none).
    public static func means(on tokens: [EncodedToken], maxActivation: [Float]?) -> [Int: Float] {
        var total: [Int: Float] = [:]
        forEachRelativeActivation(in: tokens, maxActivation: maxActivation) { total[$0, default: 0] += $1 }
        return total.mapValues { $0 / Float(tokens.count) }
    }

    /// Calls `body` with each positive activation of `tokens`, divided by its feature's recorded maximum when there is one.
    private static func forEachRelativeActivation(in tokens: [EncodedToken], maxActivation: [Float]?, _ body: (Int, Float) -> Void) {
        for token in tokens {
            for item in token.features where item.value > 0 {
                let recorded = maxActivation.flatMap { item.feature < $0.count ? $0[item.feature] : nil } ?? 0
                body(item.feature, recorded > 0 ? item.value / recorded : item.value)
            }
        }
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
