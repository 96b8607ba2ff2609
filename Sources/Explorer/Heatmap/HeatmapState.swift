import SAEKit
import TermKit

/// The heatmap pane: the text being typed, its last encoding, and whether a newer one is coming.
public struct HeatmapState: Equatable, Sendable {
    /// Seconds typing must pause before the text is encoded.
    public static let typingPause = 0.06

    /// Encoding `text` once typing has paused (a newer text in the meantime replaces it).
    public static func encoding(_ text: String) -> Effect { .encodeText(text).debounce(id: .encoding, for: typingPause) }

    public var text = TextField()
    /// The tokens of `encodedText`, with their features.
    public var tokens: [EncodedToken] = []
    /// The text the tokens belong to.
    public var encodedText = ""
    /// The text's length in tokens when only the first `tokens.count` fit the model's context.
    public var fullLength: Int?
    /// Whether an encoding of the current text is under way.
    public var pending = false
    /// Why the last encoding failed.
    public var failure: String?
    /// Whether the features list should be ranked by this text once its encoding arrives.
    public var ranksWhenEncoded = false
    /// How that ranking scores a feature over the text: by its peak, or by its mean (what fires throughout it).
    public var rankMeasure = FiringRanking.Measure.peak
    /// A text kept to contrast with: the ranking by text then lists what fires on the current text and not on it.
    public var kept: KeptText?

    /// A heatmap text and its encoding, kept for contrastive search.
    public struct KeptText: Equatable, Sendable {
        public var text: String
        public var tokens: [EncodedToken]

        /// `text`, encoded as `tokens`.
        public init(text: String, tokens: [EncodedToken]) {
            self.text = text
            self.tokens = tokens
        }
    }

    /// An empty heatmap.
    public init() {}

    /// Whether the features list should be ranked by the text now: it was asked for and the current text is encoded.
    public var isRankDue: Bool { ranksWhenEncoded && encodedText == text.text && !pending }

    /// The token under the text cursor, when the tokens belong to the current text.
    public var tokenAtCursor: Int? {
        guard encodedText == text.text, !tokens.isEmpty else { return nil }
        let graphemes = HeatText.graphemes(tokens.map { HeatToken(bytes: $0.bytes, activation: 0) })
        guard !graphemes.isEmpty else { return nil }
        return graphemes[min(text.cursor, graphemes.count - 1)].token
    }
}
