import SAEKit
import TermKit

/// What happens in the heatmap pane: its text typed, and the engine's encodings of it coming back.
package enum HeatmapAction: Equatable, Sendable {
    /// A key typed into the text.
    case keyTyped(Key)
    /// The heatmap text `text` was encoded (only its first tokens when it has `fullLength`, beyond the model's
    /// context).
    case encoded(text: String, [EncodedToken], fullLength: Int? = nil)
    case failed(text: String, String)
    /// List the features that fire most on the text (once it is encoded), by their peak over it or by their mean.
    case textSearchRequested(by: FiringRanking.Measure)
    /// Keep the encoded text to contrast the next ones with, or forget the kept one.
    case keptForContrast
}

/// The heatmap pane's reducer: each edit asks for an encoding of the new text, and only the current text's is kept.
package enum HeatmapReducer {
    /// Applies `action`; returns the effects to run.
    package static func reduce(_ state: inout HeatmapState, _ action: HeatmapAction, _ shared: inout SharedState) -> [Effect] {
        switch action {
        case .keyTyped(let key):
            guard TextEditing.apply(key, to: &state.text) else { return [] }
            guard shared.modelName != nil, state.text.text != state.encodedText else {
                state.pending = false
                return []
            }
            state.pending = true
            return [HeatmapState.encoding(state.text.text)]
        case .encoded(let text, let tokens, let fullLength):
            guard text == state.text.text else { return [] }
            state.tokens = tokens
            state.fullLength = fullLength
            state.encodedText = text
            state.pending = false
            state.failure = nil
        case .failed(let text, let reason):
            guard text == state.text.text else { return [] }
            state.pending = false
            state.failure = reason
        case .textSearchRequested(let measure):
            guard shared.modelName != nil else {
                shared.message = "search by text needs the model: " + shared.noModelReason
                return []
            }
            guard !state.text.text.isEmpty else {
                shared.message = "type or paste text into the heatmap first"
                return []
            }
            state.ranksWhenEncoded = true
            state.rankMeasure = measure
        case .keptForContrast:
            if let kept = state.kept, kept.text == state.text.text || state.text.text.isEmpty {
                state.kept = nil
                shared.message = "the kept text is forgotten: \(KeyHint.searchByText.key) lists what fires on a text"
                return []
            }
            guard !state.text.text.isEmpty, state.encodedText == state.text.text, !state.pending else {
                shared.message = state.text.text.isEmpty ? "type or paste the text to contrast with first" : "wait for the text to be encoded"
                return []
            }
            state.kept = HeatmapState.KeptText(text: state.text.text, tokens: state.tokens)
            shared.message = "kept this text: type another, and \(KeyHint.searchByText.key) lists what fires on it and not on this one"
        }
        return []
    }
}
