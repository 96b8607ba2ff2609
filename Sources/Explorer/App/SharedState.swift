import SAEKit

/// What every pane reads (the dictionary, the model, the user's annotations, the screen's geometry). Besides its own
/// slice, any pane's reducer may change which pane has focus and the status line's message; the detail pane's also
/// changes the annotations (names, notes and stars are typed there).
public struct SharedState: Equatable, Sendable {
    public var dictionary: DictionarySummary
    /// A second dictionary of the same d_in (another size) whose nearest features are shown too (feature splitting).
    public var other: DictionarySummary?
    /// The model that encodes the heatmap text and steers through the leading dictionary; nil without one.
    public var modelName: String? {
        get { dictionary.model }
        set { dictionary.model = newValue }
    }
    /// What the status line and the heatmap say when there is no model.
    public var noModelReason: String {
        get { dictionary.noModelReason }
        set { dictionary.noModelReason = newValue }
    }
    /// The user's names, notes and stars, by feature (nil when the dictionary has no identity to file them under: its
    /// index records one; without an index one is computed only when imported labels or evaluations need it).
    public var annotations: [Int: Annotation]?
    /// The user's annotations of the other dictionary's features, kept the same way.
    public var otherAnnotations: [Int: Annotation]?
    /// The pane with focus.
    public var focus: Pane = .features
    /// A one-line message for the status line.
    public var message: String?
    /// The sizes the render layer measured.
    public var geometry: ViewGeometry = .none

    /// The shared state of `dictionary` opened beside `other`.
    public init(dictionary: DictionarySummary, other: DictionarySummary? = nil) {
        self.dictionary = dictionary
        self.other = other
    }

    /// The user's name for `feature`, when there is one.
    public func userName(of feature: Int) -> String? {
        annotations?[feature].flatMap { $0.name.isEmpty ? nil : $0.name }
    }

    /// The feature's recorded maximum activation, when there is one above zero.
    public func maximum(of feature: Int) -> Float? {
        dictionary.maxActivation.flatMap { feature < $0.count && $0[feature] > 0 ? $0[feature] : nil }
    }
}
