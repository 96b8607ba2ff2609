import SAEKit

/// What the attribution pane needs from a language model: the features behind the logit of a token after a
/// position of the heatmap text.
package protocol AttributionSource: AnyObject, Sendable {
    /// Attributes `request`'s target; `shouldContinue(done, total)` is asked as the ablations go and stops them with
    /// `CancellationError` when it says no.
    func attribute(_ request: AttributionRequest, shouldContinue: (_ done: Int, _ total: Int) -> Bool) throws -> AttributionResult
}
