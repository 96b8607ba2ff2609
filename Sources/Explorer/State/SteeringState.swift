import SAEKit
import TermKit

/// How a steering edit changes its feature.
public enum SteeringMode: String, CaseIterable, Equatable, Sendable {
    /// Set the activation to strength × the feature's maximum.
    case clamp
    /// Multiply the activation by the strength.
    case scale
    /// Set the activation to zero.
    case ablate
    /// Add strength × max × the decoder direction to the residual (no dictionary pass).
    case add

    /// The strength a new edit in this mode starts with.
    public var defaultStrength: Float {
        switch self {
        case .clamp: return 3
        case .scale: return 2
        case .ablate: return 0
        case .add: return 3
        }
    }

    /// The step of + and -.
    public var step: Float { self == .ablate ? 0 : 0.5 }
}

/// One edit in force in the steering pane.
public struct SteeringEdit: Equatable, Sendable {
    public var feature: Int
    public var mode: SteeringMode
    public var strength: Float

    /// An edit of `feature` in `mode` at `strength` (the mode's default when not given).
    public init(feature: Int, mode: SteeringMode = .clamp, strength: Float? = nil) {
        self.feature = feature
        self.mode = mode
        self.strength = strength ?? mode.defaultStrength
    }

    /// The edit as the engine applies it, strengths relative to the maximum turned into activation values; nil when
    /// the mode needs the feature's maximum and `maximum` is nil.
    public func resolved(span: EditSpan, maximum: Float?) -> FeatureEdit? {
        edit(span: span, maximum: maximum, clampRelative: false)
    }

    /// The edit as a preset keeps it: a clamp stays relative ("3x"), so the preset follows the index's maxima.
    public func forPreset(span: EditSpan, maximum: Float?) -> FeatureEdit? {
        edit(span: span, maximum: maximum, clampRelative: true)
    }

    private func edit(span: EditSpan, maximum: Float?, clampRelative: Bool) -> FeatureEdit? {
        let operation: EditOperation
        switch mode {
        case .clamp where clampRelative: operation = .clampToMultipleOfMax(strength)
        case .clamp:
            guard let maximum else { return nil }
            operation = .clamp(strength * maximum)
        case .scale: operation = .scale(strength)
        case .ablate: operation = .ablate
        case .add:
            guard let maximum else { return nil }
            operation = .add(strength * maximum)
        }
        return FeatureEdit(feature: feature, operation: operation, span: span)
    }

    /// The edit read back from the engine's form (additive strengths relative to `maximum`); nil for an absolute
    /// clamp, which the pane does not show.
    public init?(_ edit: FeatureEdit, maximum: Float?) {
        switch edit.operation {
        case .clampToMultipleOfMax(let n): self.init(feature: edit.feature, mode: .clamp, strength: n)
        case .clamp(let value):
            guard let maximum, maximum > 0 else { return nil }
            self.init(feature: edit.feature, mode: .clamp, strength: value / maximum)
        case .scale(let f): self.init(feature: edit.feature, mode: .scale, strength: f)
        case .ablate: self.init(feature: edit.feature, mode: .ablate)
        case .add(let c):
            guard let maximum, maximum > 0 else { return nil }
            self.init(feature: edit.feature, mode: .add, strength: c / maximum)
        }
    }

    /// "clamp 3× max", "scale ×2", "ablate", "add 3× max".
    public var summary: String {
        switch mode {
        case .clamp: return "clamp \(Format.strength(strength))× max"
        case .scale: return "scale ×\(Format.strength(strength))"
        case .ablate: return "ablate"
        case .add: return "add \(Format.strength(strength))× max"
        }
    }
}

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

/// The steering pane: the edits in force, the prompt, and the steered and unsteered continuations side by side.
public struct SteeringState: Equatable, Sendable {
    public var edits: [SteeringEdit] = []
    /// Position in the edits list.
    public var list = ListState()
    /// Positions the edits apply to.
    public var span: EditSpan = .generated
    public var prompt = TextField("What should I do this weekend?")
    /// Whether keys go to the prompt.
    public var isEditingPrompt = false
    /// Whether the prompt is a user turn in the chat template (else plain text to continue).
    public var chat = true
    /// Whether the model has a chat template at all (Gemma 3 270M has none: its prompts are plain text).
    public var chatAvailable = true
    /// 0 is greedy; otherwise both sides sample with the same seed.
    public var temperature: Float = 0
    /// The seed of the next run (sampling runs take a new one each time).
    public var seed: UInt64 = 0
    public var maxTokens = 96
    /// The run under way or last shown (0: none yet).
    public var run = 0
    public var isGenerating = false
    /// The continuation with the edits, as far as it has come.
    public var steered = ""
    /// The continuation without them, from the same seed.
    public var unsteered = ""
    /// Why the last run failed.
    public var failure: String?
    /// The preset last loaded or saved, by file name.
    public var presetName: String?
    /// The preset file loaded or tried last; loading takes the one after it.
    public var presetCursor: String?
    /// The name being typed for a preset to save (nil when not naming one).
    public var presetDraft: TextField?

    /// An empty steering pane.
    public init() {}

    /// The edit selected in the list.
    public var selectedEdit: Int? { list.selected.flatMap { $0 < edits.count ? $0 : nil } }

    /// The spans the span key cycles through.
    public static let spans: [EditSpan] = [.generated, .all, .prompt]
}
