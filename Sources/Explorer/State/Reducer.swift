import SAEKit
import TermKit

/// The one place state changes: applies an action to the state and says what engine work to start.
public enum Reducer {
    /// Applies `action` to `state`; returns the effects to run off the input loop.
    public static func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        let layout = ScreenLayout(width: state.width, height: state.height)
        switch action {
        case .started:
            return neighboursEffect(&state)
        case .quitRequested:
            state.shouldQuit = true
        case .helpToggled:
            state.showsHelp.toggle()
            state.helpOffset = 0
        case .helpScrolled(let lines):
            let limit = max(0, HelpOverlay.lineCount(width: state.width) - HelpOverlay.visibleLines(height: state.height))
            state.helpOffset = min(limit, max(0, state.helpOffset + lines))
        case .focusMovedForward:
            focus(&state, state.focus.next)
        case .focusMovedBackward:
            focus(&state, state.focus.previous)
        case .paneFocused(let pane):
            focus(&state, pane)
        case .selectionMoved(let delta):
            return move(&state, by: delta, layout: layout)
        case .pageMoved(let pages):
            let rows = state.focus == .neighbours ? layout.neighbourRows : layout.featureRows
            return move(&state, by: pages * rows, layout: layout)
        case .selectionMovedToFirst:
            return move(&state, by: Int.min / 2, layout: layout)
        case .selectionMovedToLast:
            return move(&state, by: Int.max / 2, layout: layout)
        case .searchStarted:
            state.isSearching = true
            state.focus = .features
        case .starToggled:
            guard let feature = state.selectedFeature else { return [] }
            guard state.annotations != nil else {
                state.message = "stars need the feature index (saescope index build)"
                return []
            }
            var note = state.annotations?[feature] ?? Annotation()
            note.starred.toggle()
            state.annotations?[feature] = note
            return [.saveAnnotation(feature: feature, note)]
        case .annotationEditStarted(let field):
            guard let feature = state.selectedFeature else { return [] }
            guard state.annotations != nil else {
                state.message = "names and notes need the feature index (saescope index build)"
                return []
            }
            let note = state.annotations?[feature] ?? Annotation()
            state.focus = .detail
            state.isSearching = false
            state.annotationDraft = AnnotationDraft(feature: feature, field: field, text: field == .name ? note.name : note.notes)
        case .annotationEditFinished:
            guard let draft = state.annotationDraft else { return [] }
            state.annotationDraft = nil
            var note = state.annotations?[draft.feature] ?? Annotation()
            let text = draft.text.text.trimmingCharacters(in: .whitespaces)
            if draft.field == .name { note.name = text } else { note.notes = text }
            state.annotations?[draft.feature] = note
            return [.saveAnnotation(feature: draft.feature, note)]
        case .annotationEditCancelled:
            state.annotationDraft = nil
        case .textKeyTyped(let key):
            switch state.typingTarget {
            case .search: return edit(&state, key, layout: layout)
            case .prompt: _ = TextEditing.apply(key, to: &state.steering.prompt); return []
            case .presetName:
                if var draft = state.steering.presetDraft, TextEditing.apply(key, to: &draft) { state.steering.presetDraft = draft }
                return []
            case .annotation:
                if var draft = state.annotationDraft, TextEditing.apply(key, to: &draft.text) { state.annotationDraft = draft }
                return []
            case .heatmap: break
            case nil: return []
            }
            guard TextEditing.apply(key, to: &state.heatmap.text) else { return [] }
            guard state.modelName != nil, state.heatmap.text.text != state.heatmap.encodedText else {
                state.heatmap.pending = false
                return []
            }
            state.heatmap.pending = true
            return [.encodeText(state.heatmap.text.text)]
        case .heatmapEncoded(let text, let tokens):
            guard text == state.heatmap.text.text else { return [] }
            state.heatmap.tokens = tokens
            state.heatmap.encodedText = text
            state.heatmap.pending = false
            state.heatmap.failure = nil
            if state.heatmap.ranksWhenEncoded { return rankByText(&state, layout: layout) }
        case .textSearchRequested:
            guard state.modelName != nil else {
                state.message = "search by text needs the model: " + state.noModelReason
                return []
            }
            guard !state.heatmap.text.text.isEmpty else {
                state.message = "type or paste text into the heatmap first"
                return []
            }
            state.heatmap.ranksWhenEncoded = true
            if state.heatmap.encodedText == state.heatmap.text.text, !state.heatmap.pending { return rankByText(&state, layout: layout) }
        case .heatmapFailed(let text, let reason):
            guard text == state.heatmap.text.text else { return [] }
            state.heatmap.pending = false
            state.heatmap.failure = reason
        case .searchFinished:
            state.isSearching = false
        case .searchCancelled:
            let feature = state.selectedFeature
            state.isSearching = false
            state.search.clear()
            state.message = nil
            state.matchesNote = nil
            state.matches = Array(0..<state.dictionary.featureCount)
            state.list = ListState()
            state.list.select(feature ?? 0, count: state.matches.count)
            state.list.scrollToSelection(height: layout.featureRows, count: state.matches.count)
        case .neighbourOpened:
            guard state.focus == .neighbours, let row = state.neighbours.list.selected,
                  row < state.neighbours.items.count, let current = state.selectedFeature else { return [] }
            state.history.append(current)
            return open(&state, feature: state.neighbours.items[row].feature, layout: layout)
        case .wentBack:
            guard let feature = state.history.popLast() else {
                state.message = "nothing to go back to"
                return []
            }
            return open(&state, feature: feature, layout: layout)
        case .neighboursArrived(let feature, let items):
            guard feature == state.neighbours.feature else { return [] }
            state.neighbours.items = items
            state.neighbours.loading = false
            state.neighbours.failure = nil
            state.neighbours.list = ListState()
            state.neighbours.list.select(0, count: items.count)
        case .annotationFailed(let reason):
            state.message = "could not save: \(reason)"
        case .recordArrived(let record):
            guard record.id == state.selectedFeature else { return [] }
            state.record = record
        case .decoderNormArrived(let feature, let norm):
            guard feature == state.neighbours.feature else { return [] }
            state.neighbours.decoderNorm = norm
        case .otherNeighboursArrived(let feature, let items):
            guard feature == state.neighbours.feature else { return [] }
            state.neighbours.others = items
        case .neighboursFailed(let feature, let reason):
            guard feature == state.neighbours.feature else { return [] }
            state.neighbours.loading = false
            state.neighbours.failure = reason
        case .steeringFeatureAdded, .steeringStrengthChanged, .steeringModeCycled, .steeringEditRemoved,
             .steeringPromptEditStarted, .steeringPromptEditFinished, .steeringChatToggled, .steeringSpanCycled,
             .steeringSamplingToggled, .generationStarted, .generationCancelled, .generationPiece, .generationFinished,
             .generationFailed, .presetNamingStarted, .presetNamingCancelled, .presetSaveRequested, .presetLoadRequested,
             .presetSaved, .presetLoaded, .presetFailed:
            return SteeringReducer.reduce(&state, action)
        case .terminalResized(let width, let height):
            state.width = width
            state.height = height
            let resized = ScreenLayout(width: width, height: height)
            state.list.scrollToSelection(height: resized.featureRows, count: state.matches.count)
            state.neighbours.list.scrollToSelection(height: resized.neighbourRows, count: state.neighbours.items.count)
        }
        return []
    }

    private static func focus(_ state: inout AppState, _ pane: Pane) {
        state.focus = pane
        state.isSearching = false
        state.annotationDraft = nil
        state.steering.presetDraft = nil
        state.steering.isEditingPrompt = false
    }

    /// Moves the selection of the focused list (the detail pane follows the features list).
    private static func move(_ state: inout AppState, by delta: Int, layout: ScreenLayout) -> [Effect] {
        if state.focus == .steering {
            state.steering.list.move(by: delta, count: state.steering.edits.count)
            return []
        }
        if state.focus == .neighbours {
            state.neighbours.list.move(by: delta, count: state.neighbours.items.count)
            state.neighbours.list.scrollToSelection(height: layout.neighbourRows, count: state.neighbours.items.count)
            return []
        }
        state.list.move(by: delta, count: state.matches.count)
        state.list.scrollToSelection(height: layout.featureRows, count: state.matches.count)
        return neighboursEffect(&state)
    }

    /// Applies a key typed into the search input and refilters the features.
    private static func edit(_ state: inout AppState, _ key: Key, layout: ScreenLayout) -> [Effect] {
        guard TextEditing.apply(key, to: &state.search) else { return [] }
        state.matchesNote = nil
        let query = state.search.text
        let byLabel = FeatureSearch.isLabelQuery(query)
        if byLabel, var labels = state.dictionary.labels {
            // The user's names and notes are searched with the labels.
            for (feature, note) in state.annotations ?? [:] where feature < labels.count {
                labels[feature] += " " + note.name + " " + note.notes
            }
            state.matches = FeatureSearch.labelMatches(query, labels: labels)
            state.message = nil
        } else {
            state.matches = FeatureSearch.matches(query, count: state.dictionary.featureCount)
            state.message = byLabel ? "search by label needs the feature index; type an id" : nil
        }
        state.list = ListState()
        state.list.select(0, count: state.matches.count)
        return neighboursEffect(&state)
    }

    /// Lists the features firing most on the heatmap text, focuses the list and selects the first.
    private static func rankByText(_ state: inout AppState, layout: ScreenLayout) -> [Effect] {
        state.heatmap.ranksWhenEncoded = false
        // The first token is left out: with no token before it, it is the attention sink, whose residual norm is far
        // above the rest; dictionaries are trained without that position, and the features firing there say nothing
        // about the text.
        state.matches = FeatureSearch.firingMost(on: Array(state.heatmap.tokens.dropFirst()), maxActivation: state.dictionary.maxActivation)
        state.matchesNote = "on the text"
        state.search.clear()
        state.isSearching = false
        state.focus = .features
        state.list = ListState()
        state.list.select(0, count: state.matches.count)
        state.message = state.matches.isEmpty ? "no feature fires on this text" : "strongest first, relative to each feature's max; / Esc lists all"
        return neighboursEffect(&state)
    }

    /// Selects `feature` in the features list (clearing a search that hides it) and asks for its neighbours.
    private static func open(_ state: inout AppState, feature: Int, layout: ScreenLayout) -> [Effect] {
        if !state.matches.contains(feature) {
            state.search.clear()
            state.matchesNote = nil
            state.isSearching = false
            state.matches = Array(0..<state.dictionary.featureCount)
        }
        let row = state.matches.firstIndex(of: feature) ?? 0
        state.list.select(row, count: state.matches.count)
        state.list.scrollToSelection(height: layout.featureRows, count: state.matches.count)
        state.message = nil
        return neighboursEffect(&state)
    }

    /// Starts computing the selected feature's neighbours unless they are already shown or coming.
    private static func neighboursEffect(_ state: inout AppState) -> [Effect] {
        guard let feature = state.selectedFeature else {
            state.neighbours = NeighboursState()
            return []
        }
        guard feature != state.neighbours.feature else { return [] }
        state.neighbours = NeighboursState()
        state.neighbours.feature = feature
        state.neighbours.loading = true
        state.record = nil
        let record: [Effect] = state.dictionary.labels == nil ? [] : [.loadRecord(feature: feature)]
        return [.computeNeighbours(feature: feature, top: AppState.neighbourCount)] + record
    }
}
