import SAEKit

/// What the heatmap needs from a language model: text in, per-token activations at the hook point out.
package protocol ActivationSource: AnyObject, Sendable {
    /// The model's name, for the status line.
    var name: String { get }
    /// Tokenizes `text`, runs the model to the hook point, and returns the tokens and their activations.
    func activations(of text: String) throws -> TokenActivations
}
