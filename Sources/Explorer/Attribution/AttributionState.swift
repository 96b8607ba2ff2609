import TermKit

/// The attribution pane: which features at the hook point drive the logit of a token after a position of the heatmap
/// text, ranked by the exact effect of ablating each, beside the linear estimate.
public struct AttributionState: Equatable, Sendable {
    /// The request shown (or being computed).
    public var request: AttributionRequest?
    /// The last request's number; a result for another is dropped.
    public var run = 0
    public var isComputing = false
    /// Ablations done, of all, while computing.
    public var progress: WorkProgress?
    public var result: AttributionResult?
    public var failure: String?
    /// Position in the result's rows.
    public var list = ListState()
    /// The target being typed (nil when not typing one).
    public var targetDraft: TextField?

    /// An empty pane.
    public init() {}

    /// The feature of the selected row.
    public var selectedFeature: Int? {
        guard let result, let row = list.selected, row < result.entries.count else { return nil }
        return result.entries[row].feature
    }
}
