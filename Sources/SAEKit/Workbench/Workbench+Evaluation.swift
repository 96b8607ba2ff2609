import Foundation

/// How well the dictionary stands in for the model, and where the last figures are kept.
extension Workbench {
    /// Splices the dictionary into the model on `contexts` and measures it (`SpliceEvaluation`); the figures are kept
    /// in the user's annotation store (when it is open) under the dictionary's identity, measured on `text` (a file
    /// name), so the overview shows them. Nothing the dictionary ships with is written.
    public func evaluate(_ contexts: [[Int]], text: String, progress: (Int, Int) -> Void = { _, _ in }) throws -> SpliceEvaluation {
        let (model, site) = try requireModel()
        let figures = try SpliceEvaluation.run(model: model, dictionary: dictionary, site: site, contexts: contexts, progress: progress)
        let recorded = RecordedEvaluation(figures: figures, text: text, date: ISO8601DateFormatter().string(from: Date()))
        try annotations?.record(recorded, dictionary: identity ?? DictionaryIdentity.of(dictionary))
        return figures
    }

    /// The last evaluation of this dictionary: the user's own (`evaluate`), else the one its index shipped with.
    public func lastEvaluation() throws -> RecordedEvaluation? {
        if let annotations, let identity, let own = try annotations.lastEvaluation(dictionary: identity) { return own }
        guard let index, let figures = try index.lastEvaluation() else { return nil }
        return RecordedEvaluation(figures: figures, text: index.metadata[FeatureIndex.evalTextKey], date: index.metadata[FeatureIndex.evalDateKey])
    }
}
