import SAEKit

/// What the steering pane needs from a language model: continuations of one prompt side by side (steered and
/// unsteered, or a sweep of strengths), a piece of text at a time.
package protocol SteeringSource: AnyObject, Sendable {
    /// Generates every side of `request`, a token of each in turn; `onPiece` hears every piece of text with its
    /// side's index (empty while a character is incomplete), and returns false to stop. Calls must not overlap.
    func generate(_ request: GenerationRequest, onPiece: (_ side: Int, _ text: String) -> Bool) throws
    /// Whether prompts can be wrapped in the model's chat template (a model without one steers plain text).
    var hasChatTemplate: Bool { get }
}

extension SteeringSource {
    /// Sources have a chat template unless they say otherwise.
    package var hasChatTemplate: Bool { true }
}
