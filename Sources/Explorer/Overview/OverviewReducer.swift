import SAEKit

/// What the engine sends the overview.
package enum OverviewAction: Equatable, Sendable {
    /// The spread of decoder norms arrived.
    case normsArrived(Bins)
    /// This many of the decoder's rows are done, of `total`.
    case progressed(done: Int, total: Int)
    /// The spread of highest cosines arrived, with the count of near twins.
    case redundancyArrived(Bins, twins: Int)
}

/// The overview's reducer.
package enum OverviewReducer {
    /// The effect to ask for when the pane is shown: the decoder figures, the first time.
    package static func shown(_ state: inout OverviewState) -> [Effect] {
        guard !state.requested else { return [] }
        state.requested = true
        return [.computeDictionaryHealth.cancellable(id: .health)]
    }

    /// Applies `action`.
    package static func reduce(_ state: inout OverviewState, _ action: OverviewAction) {
        switch action {
        case .normsArrived(let bins):
            state.decoderNorms = bins
        case .progressed(let done, let total):
            state.progress = WorkProgress(done: done, total: total)
        case .redundancyArrived(let bins, let twins):
            state.redundancy = bins
            state.twins = twins
            state.progress = nil
        }
    }
}
