import SAEKit
import TermKit

/// Everything the explorer shows: the shared part and one slice per pane; changed only by `AppReducer`.
package struct AppState: Equatable, Sendable {
    package var shared: SharedState
    package var features: FeaturesState
    package var detail = DetailState()
    package var neighbours = NeighboursState()
    package var heatmap = HeatmapState()
    package var steering = SteeringState()
    package var overview: OverviewState
    package var attribution = AttributionState()
    package var help = HelpState()
    /// Set when the user asked to quit.
    package var shouldQuit = false
    /// How many neighbours to compute.
    package static let neighbourCount = 30

    /// The state on opening `dictionary` (beside `other`, if any), the first feature selected, before the screen is
    /// measured.
    package init(dictionary: DictionarySummary, other: DictionarySummary? = nil) {
        shared = SharedState(dictionary: dictionary, other: other)
        features = FeaturesState(featureCount: dictionary.featureCount)
        overview = OverviewState(density: dictionary.density)
    }

    /// The text that typed characters go into, if any.
    package var typingTarget: TypingTarget? {
        if help.isShown { return nil }
        if features.isSearching { return .search }
        if steering.presetDraft != nil { return .presetName }
        if detail.draft != nil { return .annotation }
        if attribution.targetDraft != nil { return .attributionTarget }
        if shared.focus == .steering, steering.isEditingPrompt { return .prompt }
        if shared.focus == .heatmap { return .heatmap }
        return nil
    }

    /// The feature selected in the features list.
    package var selectedFeature: Int? { features.selectedFeature }

    /// The feature a command on "the selected feature" means: the selected neighbour while the neighbours pane has
    /// focus, the selected row while the attribution pane has it, else the one selected in the features list.
    package var targetFeature: Int? {
        switch shared.focus {
        case .neighbours: return neighbours.selectedFeature ?? selectedFeature
        case .attribution: return attribution.selectedFeature ?? selectedFeature
        default: return selectedFeature
        }
    }
}
