import SAEKit
import TermKit

/// The one place state changes: the app-wide actions (focus, the focused list, typing, commands on the selected
/// feature) are handled here; each pane's actions go to its own reducer over its slice. Afterwards the neighbours
/// pane and the feature's record follow the selection.
package enum AppReducer {
    /// Applies `action` to `state`; returns the effects to run off the input loop.
    package static func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
        let effects = route(&state, action)
        return effects + followSelection(&state)
    }

    private static func route(_ state: inout AppState, _ action: Action) -> [Effect] {
        switch action {
        case .quitRequested:
            state.shouldQuit = true
        case .warningShown(let warning):
            state.shared.message = "warning: " + warning
        case .geometryChanged(let geometry):
            state.shared.geometry = geometry
            state.features.list.scrollToSelection(height: geometry.featureRows, count: state.features.matches.count)
            state.neighbours.list.scrollToSelection(height: geometry.neighbourRows, count: state.neighbours.items.count)
            state.help.offset = min(state.help.offset, HelpReducer.lastOffset(geometry))
        case .focusMovedForward:
            return focus(&state, state.shared.focus.next)
        case .focusMovedBackward:
            return focus(&state, state.shared.focus.previous)
        case .paneFocused(let pane):
            return focus(&state, pane)
        case .selectionMoved(let move):
            switch state.shared.focus {
            case .steering: return SteeringReducer.reduce(&state.steering, .moved(move), &state.shared)
            case .neighbours: NeighboursReducer.reduce(&state.neighbours, .moved(move), state.shared)
            case .features, .detail, .heatmap: return FeaturesReducer.reduce(&state.features, .moved(move), &state.shared)
            case .overview: break   // the overview covers the features list: moving it unseen would surprise
            case .attribution: return AttributionReducer.reduce(&state.attribution, .moved(move), &state.shared)
            }
        case .textKeyTyped(let key):
            return type(key, into: &state)
        case .neighbourOpened:
            guard state.shared.focus == .neighbours else { return [] }
            if let counterpart = state.neighbours.selectedOther { return DictionarySwap.reduce(&state, counterpart: counterpart) }
            guard let feature = state.neighbours.selectedFeature else { return [] }
            return FeaturesReducer.reduce(&state.features, .jumped(to: feature), &state.shared)
        case .starToggled:
            guard let feature = state.selectedFeature else { return [] }
            return DetailReducer.reduce(&state.detail, .starToggled(feature: feature), &state.shared)
        case .annotationEditStarted(let field):
            guard let feature = state.selectedFeature else { return [] }
            state.features.isSearching = false
            return DetailReducer.reduce(&state.detail, .editStarted(field, feature: feature), &state.shared)
        case .steeringFeatureAdded:
            if state.shared.focus == .neighbours, state.neighbours.selectedOther != nil {
                state.shared.message = "that feature is in the other dictionary: \(KeyHint.openNeighbour.key) leads with it, then steer"
                return []
            }
            guard let feature = state.targetFeature else { return [] }
            return SteeringReducer.reduce(&state.steering, .featureAdded(feature), &state.shared)
        case .dictionariesSwapped:
            return DictionarySwap.reduce(&state)
        case .attributionRequested:
            let heatmap = state.heatmap
            guard heatmap.encodedText == heatmap.text.text, !heatmap.pending, let position = heatmap.tokenAtCursor else {
                state.shared.message = heatmap.text.text.isEmpty ? "type a text into the heatmap, then put the cursor on a token"
                    : "wait for the text to be encoded"
                return []
            }
            return AttributionReducer.reduce(&state.attribution, .requested(text: heatmap.text.text, position: position), &state.shared)
        case .continuationToHeatmap:
            return continuationToHeatmap(&state)
        case .attributedFeatureOpened:
            guard state.shared.focus == .attribution, let feature = state.attribution.selectedFeature else { return [] }
            let effects = FeaturesReducer.reduce(&state.features, .jumped(to: feature), &state.shared)
            return effects + focus(&state, .detail)
        case .help(let action):
            HelpReducer.reduce(&state.help, action, state.shared.geometry)
        case .features(let action):
            return FeaturesReducer.reduce(&state.features, action, &state.shared)
        case .detail(let action):
            return DetailReducer.reduce(&state.detail, action, &state.shared)
        case .neighbours(let action):
            NeighboursReducer.reduce(&state.neighbours, action, state.shared)
        case .heatmap(let action):
            let effects = HeatmapReducer.reduce(&state.heatmap, action, &state.shared)
            return effects + rankIfDue(&state)
        case .steering(let action):
            return SteeringReducer.reduce(&state.steering, action, &state.shared)
        case .overview(let action):
            OverviewReducer.reduce(&state.overview, action)
        case .attribution(let action):
            return AttributionReducer.reduce(&state.attribution, action, &state.shared)
        }
        return []
    }

    /// Gives `pane` focus, leaving whatever was being typed; the overview asks for its decoder figures the first time.
    private static func focus(_ state: inout AppState, _ pane: Pane) -> [Effect] {
        state.shared.focus = pane
        state.features.isSearching = false
        state.detail.draft = nil
        state.steering.presetDraft = nil
        state.steering.isEditingPrompt = false
        state.attribution.targetDraft = nil
        return pane == .overview ? OverviewReducer.shown(&state.overview) : []
    }

    /// Sends a typed key to the text it goes into.
    private static func type(_ key: Key, into state: inout AppState) -> [Effect] {
        switch state.typingTarget {
        case .search: return FeaturesReducer.reduce(&state.features, .searchKeyTyped(key), &state.shared)
        case .prompt: return SteeringReducer.reduce(&state.steering, .promptKeyTyped(key), &state.shared)
        case .presetName: return SteeringReducer.reduce(&state.steering, .presetNameKeyTyped(key), &state.shared)
        case .annotation: return DetailReducer.reduce(&state.detail, .draftKeyTyped(key), &state.shared)
        case .heatmap: return HeatmapReducer.reduce(&state.heatmap, .keyTyped(key), &state.shared)
        case .attributionTarget: return AttributionReducer.reduce(&state.attribution, .targetKeyTyped(key), &state.shared)
        case nil: return []
        }
    }

    /// Puts the steering prompt and the first steered continuation (of a sweep, the weakest) into the heatmap and
    /// focuses it, so that each generated token can be looked at and attributed.
    private static func continuationToHeatmap(_ state: inout AppState) -> [Effect] {
        let steering = state.steering
        guard let column = steering.columns.first(where: { $0.heading != "unsteered" && !$0.text.isEmpty }) else {
            state.shared.message = "nothing generated yet: \(KeyHint.generate.key) generates"
            return []
        }
        var effects = focus(&state, .heatmap)
        // A plain-text continuation goes on from the prompt; a chat reply is a turn of its own, set apart by a space.
        let reply = steering.chat && column.text.first?.isWhitespace == false ? " " + column.text : column.text
        state.heatmap.text = TextField(steering.prompt.text + reply)    // the cursor at the end
        if state.heatmap.encodedText != state.heatmap.text.text, state.shared.modelName != nil {
            state.heatmap.pending = true
            effects.append(HeatmapState.encoding(state.heatmap.text.text))
        }
        state.shared.message = "the prompt and \(column.heading) are in the heatmap" + (steering.chat ? " (as plain text, without the chat template)" : "")
            + ": \(KeyHint.attribute.key) attributes the token after the cursor's"
        return effects
    }

    /// Lists the features firing most on the heatmap text once its encoding is in, when that was asked for.
    private static func rankIfDue(_ state: inout AppState) -> [Effect] {
        guard state.heatmap.isRankDue else { return [] }
        state.heatmap.ranksWhenEncoded = false
        // The first token is left out: with no token before it, it is the attention sink, whose residual norm is far
        // above the rest; dictionaries are trained without that position, and the features firing there say nothing
        // about the text.
        let tokens = Array(state.heatmap.tokens.dropFirst()), maxima = state.shared.dictionary.maxActivation
        let measure = state.heatmap.rankMeasure
        guard let kept = state.heatmap.kept, kept.text != state.heatmap.text.text else {
            let ranked = FiringRanking.firingMost(on: tokens, maxActivation: maxima, by: measure)
            return FeaturesReducer.reduce(&state.features, .rankedByText(ranked, contrasted: false, by: measure), &state.shared)
        }
        let ranked = FiringRanking.firingMore(on: tokens, than: Array(kept.tokens.dropFirst()), maxActivation: maxima, by: measure)
        return FeaturesReducer.reduce(&state.features, .rankedByText(ranked, contrasted: true, by: measure), &state.shared)
    }

    /// Starts computing the selected feature's neighbours (and reading its record) unless they are already shown or
    /// coming; clears them when nothing is selected.
    private static func followSelection(_ state: inout AppState) -> [Effect] {
        guard let feature = state.selectedFeature else {
            state.neighbours = NeighboursState()
            return []
        }
        guard feature != state.neighbours.feature else { return [] }
        state.neighbours = NeighboursState()
        state.neighbours.feature = feature
        state.neighbours.loading = true
        state.detail.feature = feature
        state.detail.record = nil
        let record: [Effect] = state.shared.dictionary.labels == nil ? [] : [.loadRecord(feature: feature)]
        return [.computeNeighbours(feature: feature, top: AppState.neighbourCount).cancellable(id: .neighbours, cancelInFlight: true)] + record
    }
}
