import SAEKit

/// The feature pane: the selected feature's record from the index, and the name or notes being typed.
package struct DetailState: Equatable, Sendable {
    /// The feature whose record is shown or awaited.
    package var feature: Int?
    /// The selected feature's record from the feature index, once loaded.
    package var record: FeatureRecord?
    /// The name or notes being typed, if any.
    package var draft: AnnotationDraft?

    /// A pane with nothing loaded.
    package init() {}
}
