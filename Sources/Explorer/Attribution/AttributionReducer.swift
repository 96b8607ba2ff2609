import TermKit

/// What happens in the attribution pane.
package enum AttributionAction: Equatable, Sendable {
    /// Attribute the token after `position` of `text` (the heatmap's cursor token).
    case requested(text: String, position: Int)
    case targetEditStarted
    case targetKeyTyped(Key)
    /// Run again with the typed target (an empty one brings the default back).
    case targetEditFinished
    case targetEditCancelled
    case progressed(run: Int, done: Int, total: Int)
    case arrived(run: Int, AttributionResult)
    case failed(run: Int, String)
    /// Stop the computation under way.
    case cancelled
    case moved(ListMove)
}

/// The attribution pane's reducer: one request at a time, a newer one superseding it; results are kept only for the
/// request they answer.
package enum AttributionReducer {
    /// Applies `action`; returns the effects to run.
    package static func reduce(_ state: inout AttributionState, _ action: AttributionAction, _ shared: inout SharedState) -> [Effect] {
        let rows = shared.geometry.attributionRows
        switch action {
        case .requested(let text, let position):
            let effects = start(&state, AttributionRequest(run: state.run + 1, text: text, position: position, target: state.request?.target), &shared)
            if !effects.isEmpty { shared.focus = .attribution }
            return effects
        case .targetEditStarted:
            guard state.request != nil else {
                shared.message = "first pick a token: \(KeyHint.attribute.key) in the heatmap attributes the one at the cursor"
                return []
            }
            state.targetDraft = TextField(state.request?.target ?? "")
        case .targetKeyTyped(let key):
            if var draft = state.targetDraft, TextEditing.apply(key, to: &draft) { state.targetDraft = draft }
        case .targetEditFinished:
            guard let draft = state.targetDraft, var request = state.request else { return [] }
            state.targetDraft = nil
            request.run = state.run + 1
            request.target = draft.text.isEmpty ? nil : draft.text
            return start(&state, request, &shared)
        case .targetEditCancelled:
            state.targetDraft = nil
        case .progressed(let run, let done, let total):
            guard run == state.run, state.isComputing else { return [] }
            state.progress = WorkProgress(done: done, total: total)
        case .arrived(let run, let result):
            guard run == state.run, state.isComputing else { return [] }
            state.isComputing = false
            state.progress = nil
            state.result = result
            state.list = ListState()
            state.list.select(0, count: result.entries.count)
        case .failed(let run, let reason):
            guard run == state.run, state.isComputing else { return [] }
            state.isComputing = false
            state.progress = nil
            state.failure = reason
        case .cancelled:
            guard state.isComputing else { return [] }
            state.isComputing = false
            state.progress = nil
            shared.message = "attribution stopped"
            return [.cancel(.attribution)]
        case .moved(let move):
            let count = state.result?.entries.count ?? 0
            state.list.move(by: move.delta(pageRows: rows), count: count)
            state.list.scrollToSelection(height: rows, count: count)
        }
        return []
    }

    /// Starts `request`; the last result goes at once, so that no result shows beside a request it does not answer.
    private static func start(_ state: inout AttributionState, _ request: AttributionRequest, _ shared: inout SharedState) -> [Effect] {
        guard shared.modelName != nil else {
            shared.message = "attribution needs the model: " + shared.noModelReason
            return []
        }
        guard request.position > 0 else {
            shared.message = "pick a token after the first: the first is the attention sink"
            return []
        }
        state.request = request
        state.run = request.run
        state.isComputing = true
        state.progress = nil
        state.failure = nil
        state.result = nil
        state.list = ListState()
        return [.attribute(request).cancellable(id: .attribution, cancelInFlight: true)]
    }
}
