import SAEKit
import TermKit

/// The steering pane: the edits in force, the prompt, and the continuations side by side (steered and unsteered, or
/// the unsteered model beside a sweep of the selected edit's strength).
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
    /// The continuations of the last run, as far as they have come, in the order of the request's sides.
    public var columns = SteeringState.plainColumns
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

    /// Forgets the edits, the continuations and the preset they came from (they named another dictionary's
    /// features), keeping the prompt and the settings.
    public mutating func forgetEdits() {
        edits = []
        list = ListState()
        isGenerating = false
        columns = Self.plainColumns
        failure = nil
        presetName = nil
    }

    /// The edit selected in the list.
    public var selectedEdit: Int? { list.selected.flatMap { $0 < edits.count ? $0 : nil } }

    /// The columns of a run of the edits beside the unsteered model, before any text.
    public static let plainColumns = [SteeringColumn(heading: "steered"), SteeringColumn(heading: "unsteered")]

    /// The multiples of the selected edit's strength a sweep generates, beside the unsteered model.
    public static let sweepMultiples: [Float] = [0.5, 1, 2, 4]

    /// The spans the span key cycles through.
    public static let spans: [EditSpan] = [.generated, .all, .prompt]
}

/// One continuation in the steering pane: what it is (its heading) and its text so far.
public struct SteeringColumn: Equatable, Sendable {
    public var heading: String
    public var text = ""

    /// A column headed `heading`, holding `text`.
    public init(heading: String, text: String = "") {
        self.heading = heading
        self.text = text
    }
}
