import SAEKit
import TermKit

/// Everything the explorer shows: the shared part and one slice per pane; changed only by `AppReducer`.
public struct AppState: Equatable, Sendable {
    public var shared: SharedState
    public var features: FeaturesState
    public var detail = DetailState()
    public var neighbours = NeighboursState()
    public var heatmap = HeatmapState()
    public var steering = SteeringState()
    public var overview: OverviewState
    public var attribution = AttributionState()
    public var help = HelpState()
    /// Set when the user asked to quit.
    public var shouldQuit = false
    /// How many neighbours to compute.
    public static let neighbourCount = 30

    /// The state on opening `dictionary` (beside `other`, if any), the first feature selected, before the screen is
    /// measured.
    public init(dictionary: DictionarySummary, other: DictionarySummary? = nil) {
        shared = SharedState(dictionary: dictionary, other: other)
        features = FeaturesState(featureCount: dictionary.featureCount)
        overview = OverviewState(density: dictionary.density)
    }

    /// The text that typed characters go into, if any.
    public var typingTarget: TypingTarget? {
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
    public var selectedFeature: Int? { features.selectedFeature }

    /// The feature a command on "the selected feature" means: the selected neighbour while the neighbours pane has
    /// focus, the selected row while the attribution pane has it, else the one selected in the features list.
    public var targetFeature: Int? {
        switch shared.focus {
        case .neighbours: return neighbours.selectedFeature ?? selectedFeature
        case .attribution: return attribution.selectedFeature ?? selectedFeature
        default: return selectedFeature
        }
    }
}
