import SAEKit

/// What the steering pane needs from a language model: a steered and an unsteered continuation of one prompt, a
/// piece of text at a time.
public protocol SteeringSource: AnyObject, Sendable {
    /// Generates both continuations of `request`, alternating a token of each; `onPiece` hears every piece of text,
    /// steered or not (empty while a character is incomplete), and returns false to stop. Calls must not overlap.
    func generate(_ request: GenerationRequest, onPiece: (_ steered: Bool, _ text: String) -> Bool) throws
    /// Whether prompts can be wrapped in the model's chat template (a model without one steers plain text).
    var hasChatTemplate: Bool { get }
}

extension SteeringSource {
    /// Sources have a chat template unless they say otherwise.
    public var hasChatTemplate: Bool { true }
}
