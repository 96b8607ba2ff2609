import TermKit

/// Where a binding applies. Pane contexts apply when their pane has focus; `search` while typing a search; `heatmap`
/// while the heatmap pane has focus (keys type its text); `editing` in both of those; `help` while the help overlay
/// is shown; `global` otherwise.
public enum KeyContext: String, CaseIterable, Sendable {
    case global = "Everywhere"
    case features = "Features pane"
    case neighbours = "Neighbours pane"
    case search = "While searching"
    case heatmap = "Heatmap pane (keys type its text)"
    case editing = "Editing text (search and heatmap)"
    case help = "Help overlay"

    /// Whether the context takes over the keyboard (its bindings may reuse global keys on purpose).
    public var isModal: Bool { self != .global && self != .features && self != .neighbours }

    /// Whether printable characters are typed into a text in this context.
    public var isTyping: Bool { self == .search || self == .heatmap || self == .editing }
}

/// One key binding: the keys, the action they send, a short help text, and where it applies.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var action: Action
    public var help: String
    public var context: KeyContext

    /// A binding of `keys` to `action` in `context`.
    public init(_ keys: [Key], _ action: Action, _ help: String, in context: KeyContext = .global) {
        self.keys = keys
        self.action = action
        self.help = help
        self.context = context
    }
}
