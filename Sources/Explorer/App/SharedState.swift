import SAEKit

/// What every pane reads (the dictionary, the model, the user's annotations, the screen's geometry). Besides its own
/// slice, any pane's reducer may change which pane has focus and the status line's message; the detail pane's also
/// changes the annotations (names, notes and stars are typed there).
package struct SharedState: Equatable, Sendable {
    package var dictionary: DictionarySummary
    /// A second dictionary of the same d_in (another size) whose nearest features are shown too (feature splitting).
    package var other: DictionarySummary?
    /// The model that encodes the heatmap text and steers through the leading dictionary; nil without one.
    package var modelName: String? {
        get { dictionary.model }
        set { dictionary.model = newValue }
    }
    /// What the status line and the heatmap say when there is no model.
    package var noModelReason: String {
        get { dictionary.noModelReason }
        set { dictionary.noModelReason = newValue }
    }
    /// The user's names, notes and stars, by feature (nil when the dictionary has no identity to file them under: its
    /// index records one; without an index one is computed only when imported labels or evaluations need it).
    package var annotations: [Int: Annotation]?
    /// The user's annotations of the other dictionary's features, kept the same way.
    package var otherAnnotations: [Int: Annotation]?
    /// The pane with focus.
    package var focus: Pane = .features
    /// A one-line message for the status line.
    package var message: String?
    /// The sizes the render layer measured.
    package var geometry: ViewGeometry = .none

    /// The shared state of `dictionary` opened beside `other`.
    package init(dictionary: DictionarySummary, other: DictionarySummary? = nil) {
        self.dictionary = dictionary
        self.other = other
    }

    /// The user's name for `feature`, when there is one.
    package func userName(of feature: Int) -> String? {
        annotations?[feature].flatMap { $0.name.isEmpty ? nil : $0.name }
    }

    /// The feature's recorded maximum activation, when there is one above zero.
    package func maximum(of feature: Int) -> Float? {
        dictionary.maxActivation.flatMap { feature < $0.count && $0[feature] > 0 ? $0[feature] : nil }
    }
}
