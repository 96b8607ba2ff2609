import SAEKit
import TermKit

/// What happens in the features pane.
package enum FeaturesAction: Equatable, Sendable {
    case searchStarted
    /// Keep the results, leave the search.
    case searchFinished
    /// Clear the search and list every feature again.
    case searchCancelled
    /// A key typed into the search.
    case searchKeyTyped(Key)
    /// The selection moved.
    case moved(ListMove)
    /// Open `feature` (from a neighbour), remembering the feature left.
    case jumped(to: Int)
    /// Go back to the feature before the last jump.
    case wentBack
    /// List these features, ranked by how strongly they fire on the heatmap text (`contrasted`: and not on the
    /// kept one).
    case rankedByText([Int], contrasted: Bool, by: FiringRanking.Measure)
    /// List only the starred features, or every feature again.
    case starFilterToggled
}

/// The features pane's reducer, over its slice and the shared state.
package enum FeaturesReducer {
    /// Applies `action`; returns the effects to run.
    package static func reduce(_ state: inout FeaturesState, _ action: FeaturesAction, _ shared: inout SharedState) -> [Effect] {
        let rows = shared.geometry.featureRows
        switch action {
        case .searchStarted:
            state.isSearching = true
            shared.focus = .features
        case .searchFinished:
            state.isSearching = false
        case .searchCancelled:
            let feature = state.selectedFeature
            showAll(&state, shared)
            shared.message = nil
            state.list = ListState()
            state.list.select(feature ?? 0, count: state.matches.count)
            state.list.scrollToSelection(height: rows, count: state.matches.count)
        case .searchKeyTyped(let key):
            guard TextEditing.apply(key, to: &state.search) else { return [] }
            refilter(&state, &shared)
        case .moved(let move):
            state.list.move(by: move.delta(pageRows: rows), count: state.matches.count)
            state.list.scrollToSelection(height: rows, count: state.matches.count)
        case .jumped(let feature):
            if let current = state.selectedFeature { state.history.append(current) }
            open(feature, &state, &shared)
        case .wentBack:
            guard let feature = state.history.popLast() else {
                shared.message = "nothing to go back to"
                return []
            }
            open(feature, &state, &shared)
        case .rankedByText(let ranked, let contrasted, let measure):
            state.ranking = ranked
            state.matches = keepStarred(ranked, state, shared)
            let place = measure == .mean ? "throughout the text" : "on the text"
            state.matchesNote = contrasted ? "\(place), not the kept one" : place
            state.search.clear()
            state.isSearching = false
            state.list = ListState()
            state.list.select(0, count: state.matches.count)
            shared.focus = .features
            shared.message = ranked.isEmpty ? (contrasted ? "no feature fires on this text more than on the kept one" : "no feature fires on this text")
                : (measure == .mean ? "highest mean over the text first" : "strongest first") + ", relative to each feature's max; "
                  + "\(KeyHint.search.key) \(KeyHint.cancelSearch.key) lists all"
        case .starFilterToggled:
            let feature = state.selectedFeature
            state.starredOnly.toggle()
            if let ranking = state.ranking { state.matches = keepStarred(ranking, state, shared) } else { refilter(&state, &shared) }
            let row = feature.flatMap { state.matches.firstIndex(of: $0) } ?? 0
            state.list = ListState()
            state.list.select(row, count: state.matches.count)
            state.list.scrollToSelection(height: rows, count: state.matches.count)
            shared.focus = .features
            if state.starredOnly {
                shared.message = shared.annotations == nil ? "stars need the feature index (saescope index build)"
                    : state.matches.isEmpty ? "no starred feature: \(KeyHint.star.key) stars the selected one" : nil
            }
        }
        return []
    }

    /// Every feature listed (only the starred ones while that filter is on), no search; the list position is the
    /// caller's to set.
    private static func showAll(_ state: inout FeaturesState, _ shared: SharedState) {
        state.isSearching = false
        state.search.clear()
        state.matchesNote = nil
        state.ranking = nil
        state.matches = keepStarred(Array(0..<shared.dictionary.featureCount), state, shared)
    }

    /// `features` as the list shows them: only the starred ones while that filter is on.
    private static func keepStarred(_ features: [Int], _ state: FeaturesState, _ shared: SharedState) -> [Int] {
        guard state.starredOnly else { return features }
        let starred = Set((shared.annotations ?? [:]).filter(\.value.starred).keys)
        return features.filter(starred.contains)
    }

    /// Refilters the features by the search text, with the search `saescope search` runs (`FeatureFinder`: by id, or
    /// by words in the user's names and notes, imported explanations, labels and top tokens).
    private static func refilter(_ state: inout FeaturesState, _ shared: inout SharedState) {
        state.matchesNote = nil
        state.ranking = nil
        let query = state.search.text
        let dictionary = shared.dictionary
        let finder = FinderCache.finder(for: dictionary, annotations: shared.annotations)
        let byWords = FeatureFinder.isWordQuery(query)
        state.matches = keepStarred(finder.find(query), state, shared)
        shared.message = byWords && !finder.hasTexts ? "search by label needs the feature index; type an id" : nil
        state.list = ListState()
        state.list.select(0, count: state.matches.count)
    }

    /// Selects `feature` (clearing a search or a filter that hides it).
    private static func open(_ feature: Int, _ state: inout FeaturesState, _ shared: inout SharedState) {
        if !state.matches.contains(feature) {
            state.starredOnly = false
            showAll(&state, shared)
        }
        let row = state.matches.firstIndex(of: feature) ?? 0
        state.list.select(row, count: state.matches.count)
        state.list.scrollToSelection(height: shared.geometry.featureRows, count: state.matches.count)
        shared.message = nil
    }
}
