import SAEKit
import TermKit

/// The steering pane: the edits in force, the prompt, and the continuations side by side (steered and unsteered, or
/// the unsteered model beside a sweep of the selected edit's strength).
package struct SteeringState: Equatable, Sendable {
    package var edits: [SteeringEdit] = []
    /// Position in the edits list.
    package var list = ListState()
    /// Positions the edits apply to.
    package var span: EditSpan = .generated
    package var prompt = TextField("What should I do this weekend?")
    /// Whether keys go to the prompt.
    package var isEditingPrompt = false
    /// Whether the prompt is a user turn in the chat template (else plain text to continue).
    package var chat = true
    /// Whether the model has a chat template at all (Gemma 3 270M has none: its prompts are plain text).
    package var chatAvailable = true
    /// 0 is greedy; otherwise both sides sample with the same seed.
    package var temperature: Float = 0
    /// The seed of the next run (sampling runs take a new one each time).
    package var seed: UInt64 = 0
    package var maxTokens = 96
    /// The run under way or last shown (0: none yet).
    package var run = 0
    package var isGenerating = false
    /// The continuations of the last run, as far as they have come, in the order of the request's sides.
    package var columns = SteeringState.plainColumns
    /// Why the last run failed.
    package var failure: String?
    /// The preset last loaded or saved, by file name.
    package var presetName: String?
    /// The preset file loaded or tried last; loading takes the one after it.
    package var presetCursor: String?
    /// The name being typed for a preset to save (nil when not naming one).
    package var presetDraft: TextField?

    /// An empty steering pane.
    package init() {}

    /// Forgets the edits, the continuations and the preset they came from (they named another dictionary's
    /// features), keeping the prompt and the settings.
    package mutating func forgetEdits() {
        edits = []
        list = ListState()
        isGenerating = false
        columns = Self.plainColumns
        failure = nil
        presetName = nil
    }

    /// The edit selected in the list.
    package var selectedEdit: Int? { list.selected.flatMap { $0 < edits.count ? $0 : nil } }

    /// The columns of a run of the edits beside the unsteered model, before any text.
    package static let plainColumns = [SteeringColumn(heading: "steered"), SteeringColumn(heading: "unsteered")]

    /// The multiples of the selected edit's strength a sweep generates, beside the unsteered model.
    package static let sweepMultiples: [Float] = [0.5, 1, 2, 4]

    /// The spans the span key cycles through.
    package static let spans: [EditSpan] = [.generated, .all, .prompt]
}

/// One continuation in the steering pane: what it is (its heading) and its text so far.
package struct SteeringColumn: Equatable, Sendable {
    package var heading: String
    package var text = ""

    /// A column headed `heading`, holding `text`.
    package init(heading: String, text: String = "") {
        self.heading = heading
        self.text = text
    }
}
