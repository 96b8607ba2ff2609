import SAEKit

/// Leading with the other dictionary (the `--against` one): the two summaries and their annotations change places,
/// the features list becomes the new leader's with the selection on the counterpart, and everything that named the
/// old leader's features (neighbours, record, steering edits and output, attribution, the heatmap's encoding, the overview) starts
/// again for the new one.
enum DictionarySwap {
    /// Swaps to the other dictionary, selecting `counterpart` there (by default the nearest feature to the selected
    /// one, when its neighbours there are in; else the same id, when it exists); returns the effects to run.
    static func reduce(_ state: inout AppState, counterpart: Int? = nil) -> [Effect] {
        guard let other = state.shared.other else {
            state.shared.message = "one dictionary only: --against PATH opens another size beside it"
            return []
        }
        let selected = state.selectedFeature, attributionRun = state.attribution.run
        let nearest = state.neighbours.feature == selected ? state.neighbours.others.first : nil
        let target = counterpart ?? nearest?.feature ?? min(selected ?? 0, other.featureCount - 1)
        let shared = state.shared
        state.shared.dictionary = other
        state.shared.other = shared.dictionary
        state.shared.annotations = shared.otherAnnotations
        state.shared.otherAnnotations = shared.annotations
        state.features = FeaturesState(featureCount: other.featureCount)
        state.features.list.select(target, count: other.featureCount)
        state.features.list.scrollToSelection(height: shared.geometry.featureRows, count: other.featureCount)
        state.neighbours = NeighboursState()
        state.detail = DetailState()
        state.overview = OverviewState(density: other.density)
        var effects: [Effect] = [.swapDictionaries]
        // The runner's swap stops the generation and the attribution under way; the run numbers go on, so that a new
        // request never shares a number with an old one.
        state.attribution = AttributionState()
        state.attribution.run = attributionRun
        state.steering.forgetEdits()
        let text = state.heatmap.text
        state.heatmap = HeatmapState()
        state.heatmap.text = text
        if state.shared.modelName != nil, !text.text.isEmpty {
            state.heatmap.pending = true
            effects.append(HeatmapState.encoding(text.text))
        }
        if state.shared.focus == .overview { effects += OverviewReducer.shown(&state.overview) }
        let how = counterpart != nil || nearest == nil ? "" : ", the nearest to #\(selected ?? 0) (cosine \(Format.cosine(nearest?.cosine ?? 0)))"
        state.shared.message = "leading with \(other.name): #\(target)\(how)"
        return effects
    }
}
