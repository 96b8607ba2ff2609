import TermKit

/// A feature's name or notes being typed in the feature pane.
package struct AnnotationDraft: Equatable, Sendable {
    /// Which of the two is being written.
    package enum Field: Equatable, Sendable { case name, notes }

    package var feature: Int
    package var field: Field
    package var text: TextField

    /// A draft of `field` for `feature`, starting from `text`.
    package init(feature: Int, field: Field, text: String) {
        self.feature = feature
        self.field = field
        self.text = TextField(text)
    }
}
