import SAEKit
import TermKit

/// Each feature's label as the command line shows it: the user's own name for the feature when they gave one, else
/// an imported explanation (`saescope labels import`), else the feature index's label; nothing without an index.
struct FeatureLabels {
    private let labels: [String]
    private let names: [Int: String]
    private let imported: [Int: ImportedLabel]

    /// No labels (there is no feature index).
    static let none = FeatureLabels(labels: [], names: [:], imported: [:])

    private init(labels: [String], names: [Int: String], imported: [Int: ImportedLabel]) {
        self.labels = labels
        self.names = names
        self.imported = imported
    }

    /// The labels of `index` for a dictionary of `featureCount` features, with the user's names (filed under the
    /// index's dictionary identity) over them; none when `index` is nil.
    init(index: FeatureIndex?, featureCount: Int) throws {
        guard let index else {
            self = .none
            return
        }
        var names: [Int: String] = [:], imported: [Int: ImportedLabel] = [:]
        if let store = try? AnnotationStore(), let identity = index.metadata["dictionary_id"] {
            for (feature, note) in (try? store.all(dictionary: identity)) ?? [:] where !note.name.isEmpty { names[feature] = note.name }
            imported = (try? store.importedLabels(dictionary: identity)) ?? [:]
        }
        self.init(labels: try index.overview(featureCount: featureCount).labels, names: names, imported: imported)
    }

    /// The label of `feature`, nil when there is none (as stored: text output passes it through `DisplayWidth.visibleText`).
    func label(of feature: Int) -> String? {
        if let name = names[feature] ?? imported[feature]?.text { return name }
        guard feature >= 0, feature < labels.count, !labels[feature].isEmpty else { return nil }
        return labels[feature]
    }

    /// "  label" to follow a table row, as the terminal may show it, or nothing.
    func suffix(for feature: Int) -> String { label(of: feature).map { "  " + DisplayWidth.visibleText($0) } ?? "" }
}
