import SAEKit

/// A generation to run: the prompt, the sides (each the unsteered model or a set of edits, as the engine takes
/// them), and the sampling settings they all share.
package struct GenerationRequest: Equatable, Sendable {
    /// Identifies the run, so that tokens of a cancelled one are dropped.
    package var run: Int
    package var prompt: String
    /// Whether the prompt is wrapped as a user turn in the chat template.
    package var chat: Bool
    /// The continuations to generate side by side, in the order the pane shows them.
    package var sides: [SteeringRun.Side]
    package var maxTokens: Int
    /// 0 samples greedily.
    package var temperature: Float
    package var seed: UInt64

    /// A request; see the properties.
    package init(run: Int, prompt: String, chat: Bool, sides: [SteeringRun.Side], maxTokens: Int, temperature: Float, seed: UInt64) {
        self.run = run
        self.prompt = prompt
        self.chat = chat
        self.sides = sides
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.seed = seed
    }

    /// A request for `edits` steered beside the unsteered model.
    package init(run: Int, prompt: String, chat: Bool, edits: [FeatureEdit], maxTokens: Int, temperature: Float, seed: UInt64) {
        self.init(run: run, prompt: prompt, chat: chat, sides: [.steered(edits), .unsteered], maxTokens: maxTokens,
                  temperature: temperature, seed: seed)
    }
}
