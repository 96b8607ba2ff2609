/// Ranks features by how they fire on a text, relative to each one's recorded maximum (what the heatmap's Ctrl-F and
/// Ctrl-G and `saescope contrast` list).
public enum FiringRanking {
    /// How a feature's firing over a text is scored: its peak (the strongest token), or its mean over all the
    /// tokens (zero where it does not fire), which favours features that fire throughout the text, on its topic or
    /// style, over those that fire strongly on one word. Both are relative to each feature's recorded maximum.
    public enum Measure: String, CaseIterable, Sendable {
        case peak, mean
    }

    /// The features that fire on `tokens`, strongest first: by `measure` relative to the feature's recorded maximum
    /// (raw activation when there is none), so a feature near its own peak outranks one merely large everywhere.
    public static func firingMost(on tokens: [EncodedToken], maxActivation: [Float]?, by measure: Measure = .peak) -> [Int] {
        ranked(scores(on: tokens, maxActivation: maxActivation, by: measure))
    }

    /// The features that fire on `first` and not on `second` (contrastive search), most contrasting first: by the
    /// score over `first` less the score over `second`; a feature that scores as high on `second` is left out.
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
}
