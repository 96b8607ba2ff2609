import SAEKit

/// Each feature's label as the command line shows it: the user's own name for the feature when they gave one, else
/// the feature index's label; nothing without an index.
struct FeatureLabels {
    private let labels: [String]
    private let names: [Int: String]

    /// No labels (there is no feature index).
    static let none = FeatureLabels(labels: [], names: [:])

    private init(labels: [String], names: [Int: String]) {
        self.labels = labels
        self.names = names
    }

    /// The labels of `index` for a dictionary of `featureCount` features, with the user's names (filed under the
    /// index's dictionary identity) over them; none when `index` is nil.
    init(index: FeatureIndex?, featureCount: Int) throws {
        guard let index else {
            self = .none
            return
        }
        var names: [Int: String] = [:]
        if let store = try? AnnotationStore(), let identity = index.metadata["dictionary_id"] {
            for (feature, note) in (try? store.all(dictionary: identity)) ?? [:] where !note.name.isEmpty { names[feature] = note.name }
        }
        self.init(labels: try index.overview(featureCount: featureCount).labels, names: names)
    }

    /// The label of `feature`, nil when there is none.
    func label(of feature: Int) -> String? {
        if let name = names[feature] { return name }
        guard feature >= 0, feature < labels.count, !labels[feature].isEmpty else { return nil }
        return labels[feature]
    }

    /// "  label" to follow a table row, or nothing.
    func suffix(for feature: Int) -> String { label(of: feature).map { "  " + $0 } ?? "" }
}
