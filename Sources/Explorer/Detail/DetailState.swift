import SAEKit

/// The feature pane: the selected feature's record from the index, and the name or notes being typed.
public struct DetailState: Equatable, Sendable {
    /// The feature whose record is shown or awaited.
    public var feature: Int?
    /// The selected feature's record from the feature index, once loaded.
    public var record: FeatureRecord?
    /// The name or notes being typed, if any.
    public var draft: AnnotationDraft?

    /// A pane with nothing loaded.
    public init() {}
}
