import SAEKit
import TermKit

/// The heatmap pane: the text being typed, its last encoding, and whether a newer one is coming.
package struct HeatmapState: Equatable, Sendable {
    /// Seconds typing must pause before the text is encoded.
    package static let typingPause = 0.06

    /// Encoding `text` once typing has paused (a newer text in the meantime replaces it).
    package static func encoding(_ text: String) -> Effect { .encodeText(text).debounce(id: .encoding, for: typingPause) }

    package var text = TextField()
    /// The tokens of `encodedText`, with their features.
    package var tokens: [EncodedToken] = []
    /// The text the tokens belong to.
    package var encodedText = ""
    /// The text's length in tokens when only the first `tokens.count` fit the model's context.
    package var fullLength: Int?
    /// Whether an encoding of the current text is under way.
    package var pending = false
    /// Why the last encoding failed.
    package var failure: String?
    /// Whether the features list should be ranked by this text once its encoding arrives.
    package var ranksWhenEncoded = false
    /// How that ranking scores a feature over the text: by its peak, or by its mean (what fires throughout it).
    package var rankMeasure = FiringRanking.Measure.peak
    /// A text kept to contrast with: the ranking by text then lists what fires on the current text and not on it.
    package var kept: KeptText?

    /// A heatmap text and its encoding, kept for contrastive search.
    package struct KeptText: Equatable, Sendable {
        package var text: String
        package var tokens: [EncodedToken]

        /// `text`, encoded as `tokens`.
        package init(text: String, tokens: [EncodedToken]) {
            self.text = text
            self.tokens = tokens
        }
    }

    /// An empty heatmap.
    package init() {}

    /// Whether the features list should be ranked by the text now: it was asked for and the current text is encoded.
    package var isRankDue: Bool { ranksWhenEncoded && encodedText == text.text && !pending }

    /// The token under the text cursor, when the tokens belong to the current text.
    package var tokenAtCursor: Int? {
        guard encodedText == text.text, !tokens.isEmpty else { return nil }
        let graphemes = HeatText.graphemes(tokens.map { HeatToken(bytes: $0.bytes, activation: 0) })
        guard !graphemes.isEmpty else { return nil }
        return graphemes[min(text.cursor, graphemes.count - 1)].token
    }
}
