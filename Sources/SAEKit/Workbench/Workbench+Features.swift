/// What the dictionary's features are called and where to find them: labels, search, dashboards, maxima, neighbours.
extension Workbench {
    /// Each feature's label, as everything shows it (`FeatureLabels`: the user's name, else an imported
    /// explanation, else the index's label).
    public func labels() throws -> FeatureLabels {
        FeatureLabels(labels: try overview()?.labels, annotations: try userAnnotations(), imported: try importedLabels())
    }

    /// The user's names, notes and stars of this dictionary's features (none when it has no identity).
    public func userAnnotations() throws -> [Int: Annotation] {
        guard let annotations, let identity else { return [:] }
        return try annotations.all(dictionary: identity)
    }

    /// Explanations imported for this dictionary (`saescope labels import`), by feature.
    public func importedLabels() throws -> [Int: ImportedLabel] {
        guard let annotations, let identity else { return [:] }
        return try annotations.importedLabels(dictionary: identity)
    }

    /// The one feature search (`FeatureFinder`) over this dictionary's labels, top tokens, imported explanations and
    /// the user's names and notes.
    public func finder() throws -> FeatureFinder {
        let overview = try overview()
        return FeatureFinder(featureCount: dictionary.featureCount, labels: overview?.labels, topTokens: overview?.topTokens,
                             imported: try importedLabels(), annotations: try userAnnotations())
    }

    /// Each feature's largest activation: the index's (measured on held-out text), else the one the file records;
    /// nil when neither has it.
    public func maxActivation() throws -> [Float]? {
        try overview()?.maxActivation ?? dictionary.statistics?.maxActivation
    }

    /// `feature`'s dashboard from the index, its label as `labels()` gives it (the record holds the index's own, so
    /// only the user's name and an imported explanation are looked up, not every feature's label).
    public func dashboard(_ feature: Int) throws -> FeatureRecord {
        let index = try requireIndex()
        try checkFeature(feature, argument: "ID")
        guard var record = try index.feature(feature) else { throw InputError(index.path, "has no record for feature \(feature)") }
        let names = FeatureLabels(labels: nil, annotations: try userAnnotations(), imported: try importedLabels())
        if let label = names.label(of: feature) { record.label = label }
        return record
    }

    /// The features nearest `feature` by decoder cosine, here or in `other` (another size at the same hook point).
    public func neighbours(of feature: Int, top: Int, in other: Workbench? = nil) throws -> [Neighbour] {
        try checkFeature(feature, argument: "FEATURE")
        return try Neighbours.nearest(to: feature, in: dictionary, among: other?.dictionary, top: top)
    }

    /// An `InputError` naming `argument` unless `feature` is one of the dictionary's.
    public func checkFeature(_ feature: Int, argument: String) throws {
        guard (0..<dictionary.featureCount).contains(feature) else {
            throw InputError(argument, "feature \(feature) does not exist (ids run from 0 to \(dictionary.featureCount - 1))")
        }
    }
}
