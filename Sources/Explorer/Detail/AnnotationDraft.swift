import TermKit

/// A feature's name or notes being typed in the feature pane.
public struct AnnotationDraft: Equatable, Sendable {
    /// Which of the two is being written.
    public enum Field: Equatable, Sendable { case name, notes }

    public var feature: Int
    public var field: Field
    public var text: TextField

    /// A draft of `field` for `feature`, starting from `text`.
    public init(feature: Int, field: Field, text: String) {
        self.feature = feature
        self.field = field
        self.text = TextField(text)
    }
}
