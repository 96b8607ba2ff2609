import TermKit

/// What the engine sends the neighbours pane, and its list moving.
package enum NeighboursAction: Equatable, Sendable {
    case arrived(feature: Int, [NeighbourItem])
    /// The norm of `feature`'s decoder direction arrived.
    case decoderNormArrived(feature: Int, Float)
    case failed(feature: Int, String)
    /// The nearest features to `feature` in the other dictionary arrived.
    case othersArrived(feature: Int, [NeighbourItem])
    /// The selection moved.
    case moved(ListMove)
    /// The keys move to the neighbours here or to those in the other dictionary.
    case columnChosen(NeighboursState.Column)
}

/// The neighbours pane's reducer: results are kept only for the feature they were asked for.
package enum NeighboursReducer {
    /// Applies `action` (no effects come of it).
    package static func reduce(_ state: inout NeighboursState, _ action: NeighboursAction, _ shared: SharedState) {
        let rows = shared.geometry.neighbourRows
        switch action {
        case .arrived(let feature, let items):
            guard feature == state.feature else { return }
            state.items = items
            state.loading = false
            state.failure = nil
            state.list = ListState()
            state.list.select(0, count: items.count)
        case .decoderNormArrived(let feature, let norm):
            guard feature == state.feature else { return }
            state.decoderNorm = norm
        case .failed(let feature, let reason):
            guard feature == state.feature else { return }
            state.loading = false
            state.failure = reason
        case .othersArrived(let feature, let items):
            guard feature == state.feature else { return }
            state.others = items
            state.otherList = ListState()
            state.otherList.select(0, count: items.count)
        case .moved(let move):
            if state.column == .other {
                state.otherList.move(by: move.delta(pageRows: rows), count: state.others.count)
                state.otherList.scrollToSelection(height: rows, count: state.others.count)
            } else {
                state.list.move(by: move.delta(pageRows: rows), count: state.items.count)
                state.list.scrollToSelection(height: rows, count: state.items.count)
            }
        case .columnChosen(let column):
            guard shared.other != nil else { return }
            state.column = column
        }
    }
}
