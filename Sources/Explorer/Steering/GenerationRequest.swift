import SAEKit

/// A generation to run: the prompt, the edits as the engine takes them, and the sampling settings shared by both sides.
public struct GenerationRequest: Equatable, Sendable {
    /// Identifies the run, so that tokens of a cancelled one are dropped.
    public var run: Int
    public var prompt: String
    /// Whether the prompt is wrapped as a user turn in the chat template.
    public var chat: Bool
    public var edits: [FeatureEdit]
    public var maxTokens: Int
    /// 0 samples greedily.
    public var temperature: Float
    public var seed: UInt64

    /// A request; see the properties.
    public init(run: Int, prompt: String, chat: Bool, edits: [FeatureEdit], maxTokens: Int, temperature: Float, seed: UInt64) {
        self.run = run
        self.prompt = prompt
        self.chat = chat
        self.edits = edits
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.seed = seed
    }
}
