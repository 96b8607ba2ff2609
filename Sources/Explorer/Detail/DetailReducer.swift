import SAEKit
import TermKit

/// What happens in the feature pane: the user's stars, names and notes, and the index's record arriving.
package enum DetailAction: Equatable, Sendable {
    case starToggled(feature: Int)
    /// Start typing `feature`'s name or notes.
    case editStarted(AnnotationDraft.Field, feature: Int)
    /// A key typed into the name or notes.
    case draftKeyTyped(Key)
    /// Save the name or notes typed.
    case editFinished
    case editCancelled
    /// Saving a name, notes or a star failed (the message says why).
    case saveFailed(String)
    /// A feature's record arrived from the feature index.
    case recordArrived(FeatureRecord)
}

/// The feature pane's reducer, over its slice and the shared state (which holds the annotations).
package enum DetailReducer {
    /// Applies `action`; returns the effects to run.
    package static func reduce(_ state: inout DetailState, _ action: DetailAction, _ shared: inout SharedState) -> [Effect] {
        switch action {
        case .starToggled(let feature):
            guard shared.annotations != nil else {
                shared.message = "stars need the feature index (saescope index build)"
                return []
            }
            var note = shared.annotations?[feature] ?? Annotation()
            note.starred.toggle()
            shared.annotations?[feature] = note
            return [.saveAnnotation(feature: feature, note)]
        case .editStarted(let field, let feature):
            guard shared.annotations != nil else {
                shared.message = "names and notes need the feature index (saescope index build)"
                return []
            }
            let note = shared.annotations?[feature] ?? Annotation()
            shared.focus = .detail
            state.draft = AnnotationDraft(feature: feature, field: field, text: field == .name ? note.name : note.notes)
        case .draftKeyTyped(let key):
            if var draft = state.draft, TextEditing.apply(key, to: &draft.text) { state.draft = draft }
        case .editFinished:
            guard let draft = state.draft else { return [] }
            state.draft = nil
            var note = shared.annotations?[draft.feature] ?? Annotation()
            let text = draft.text.text.trimmingCharacters(in: .whitespaces)
            if draft.field == .name { note.name = text } else { note.notes = text }
            shared.annotations?[draft.feature] = note
            return [.saveAnnotation(feature: draft.feature, note)]
        case .editCancelled:
            state.draft = nil
        case .saveFailed(let reason):
            shared.message = "could not save: \(reason)"
        case .recordArrived(let record):
            guard record.id == state.feature else { return [] }
            state.record = record
        }
        return []
    }
}
