import TermKit

/// Where a binding applies. Pane contexts apply when their pane has focus; `search` while typing a search; `heatmap`
/// while the heatmap pane has focus (keys type its text); `prompt` while typing the steering prompt; `presetName` while
/// naming a preset; `annotation` while naming a feature or writing notes; `editing` in all the typing contexts; `help` while the help overlay is shown; `global` otherwise.
package enum KeyContext: String, CaseIterable, Sendable {
    case global = "Everywhere"
    case features = "Features pane"
    case neighbours = "Neighbours pane"
    case steering = "Steering pane"
    case search = "While searching"
    case heatmap = "Heatmap pane (keys type its text)"
    case prompt = "While typing the steering prompt"
    case presetName = "While naming a preset"
    case annotation = "While naming a feature or writing notes"
    case attribution = "Attribution pane"
    case attributionTarget = "While typing an attribution's target token"
    case editing = "Editing text (search, heatmap, prompt, names, notes)"
    case help = "Help overlay"

    /// Whether the context takes over the keyboard (its bindings may reuse global keys on purpose).
    package var isModal: Bool { ![.global, .features, .neighbours, .steering, .attribution].contains(self) }

    /// Whether keys a typing context does not bind go on to the global bindings (Tab, arrows, …): yes while searching,
    /// in the heatmap and in the prompt; no while naming a feature or preset, which hold the keyboard until Enter or
    /// Esc so that the draft cannot be left behind.
    package var passesKeysThrough: Bool { [.search, .heatmap, .prompt].contains(self) }

    /// Whether printable characters are typed into a text in this context.
    package var isTyping: Bool { [.search, .heatmap, .prompt, .presetName, .annotation, .attributionTarget, .editing].contains(self) }

    /// The context of keys typed into `target`.
    package init(typing target: TypingTarget) {
        switch target {
        case .search: self = .search
        case .heatmap: self = .heatmap
        case .prompt: self = .prompt
        case .presetName: self = .presetName
        case .annotation: self = .annotation
        case .attributionTarget: self = .attributionTarget
        }
    }
}

/// One key binding: the keys, the action they send, a short help text, and where it applies.
package struct KeyBinding: Sendable {
    package var keys: [Key]
    package var action: Action
    package var help: String
    package var context: KeyContext

    /// A binding of `keys` to `action` in `context`.
    package init(_ keys: [Key], _ action: Action, _ help: String, in context: KeyContext = .global) {
        self.keys = keys
        self.action = action
        self.help = help
        self.context = context
    }
}
