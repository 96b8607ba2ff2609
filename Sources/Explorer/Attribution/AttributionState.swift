import TermKit

/// The attribution pane: which features at the hook point drive the logit of a token after a position of the heatmap
/// text, ranked by the exact effect of ablating each, beside the linear estimate.
package struct AttributionState: Equatable, Sendable {
    /// The request shown (or being computed).
    package var request: AttributionRequest?
    /// The last request's number; a result for another is dropped.
    package var run = 0
    package var isComputing = false
    /// Ablations done, of all, while computing.
    package var progress: WorkProgress?
    package var result: AttributionResult?
    package var failure: String?
    /// Position in the result's rows.
    package var list = ListState()
    /// The target being typed (nil when not typing one).
    package var targetDraft: TextField?

    /// An empty pane.
    package init() {}

    /// The feature of the selected row.
    package var selectedFeature: Int? {
        guard let result, let row = list.selected, row < result.entries.count else { return nil }
        return result.entries[row].feature
    }
}
