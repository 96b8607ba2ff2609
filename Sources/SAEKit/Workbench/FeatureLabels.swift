/// Each feature's label as saescope shows it everywhere: the user's own name for the feature when they gave one, else
/// an imported explanation (`saescope labels import`), else the feature index's label; nil when there is none.
public struct FeatureLabels: Sendable {
    private let labels: [String]
    private let names: [Int: String]
    private let imported: [Int: ImportedLabel]

    /// The index's `labels` (by feature id, if there is an index) under the names in `annotations` and the
    /// `imported` explanations.
    public init(labels: [String]?, annotations: [Int: Annotation], imported: [Int: ImportedLabel]) {
        self.labels = labels ?? []
        names = annotations.compactMapValues { $0.name.isEmpty ? nil : $0.name }
        self.imported = imported
    }

    /// The label of `feature`, nil when there is none (as stored: a terminal needs its control characters made visible).
    public func label(of feature: Int) -> String? {
        if let name = names[feature] ?? imported[feature]?.text { return name }
        guard feature >= 0, feature < labels.count, !labels[feature].isEmpty else { return nil }
        return labels[feature]
    }
}
