import Foundation

/// A feature index made from a Neuronpedia export instead of a run over held-out text: density `frac_nonzero`,
/// maximum `maxActApprox`, the histogram and mean from its activation histogram, top and quantile examples from its
/// activation records (cut to the window a built index keeps, around each record's peak), promoted and suppressed
/// tokens from `pos_str`/`neg_str`, labels from the examples' peak tokens (the explanations are `labels import`'s to
/// read). One batch of features and records at a time, so memory stays bounded by the largest batch; the index is
/// written beside and renamed into place only when whole.
///
/// Token strings are kept as Neuronpedia shows them. Each is stored under the id of the model's token with exactly
/// that text, or, for a string no token has, under an id past the vocabulary (`imported_token_ids_from` in the
/// metadata). Most strings matching no token means the export is another model's: refused unless forced.
public struct NeuronpediaImport {
    /// What an import read and wrote.
    public struct Summary: Sendable {
        /// Features and examples written.
        public var features = 0, examples = 0
        /// Distinct token strings seen, and those that are no token of the model.
        public var tokenStrings = 0, unmatchedStrings = 0
        /// The Neuronpedia source the rows name (`gpt2-small/8-res-jb`).
        public var source: String?
    }

    /// Where the export is.
    public let export: NeuronpediaExport
    /// How much to keep per feature (the examples' window and counts, the histogram's bins).
    public var settings = FeatureIndexBuilder.Settings()

    /// An import of `export`.
    public init(export: NeuronpediaExport) {
        self.export = export
    }

    /// Writes the index of `dictionary` (read at `hookName` of a model with `tokenizer`) to `out`, with `metadata`;
    /// `force` accepts another hook point or model's tokens; `progress` hears each batch (done, total).
    public func run(dictionary: SparseDictionary, hookName: String?, tokenizer: Tokenizer, metadata: [String: String], out: String,
                    force: Bool = false, progress: (Int, Int) -> Void = { _, _ in }) throws -> Summary {
        var summary = Summary()
        let vocabulary = tokenizer.vocabularySize
        var idOf: [String: Int] = [:]
        for id in (0..<vocabulary).reversed() { idOf[tokenizer.text(of: id, special: true)] = id }
        var importedIDs: [String: Int] = [:]
        func id(of text: String) throws -> Int {
            if let id = idOf[text] { return id }
            if let id = importedIDs[text] { return id }
            guard importedIDs.count < vocabulary else {
                throw InputError(export.path, "holds more token strings that are no token of the model than the model has tokens")
            }
            let id = vocabulary + importedIDs.count
            importedIDs[text] = id
            return id
        }
        var seen = Set<String>(), unmatched = 0
        var allMetadata = metadata
        allMetadata["imported_from"] = "neuronpedia"
        allMetadata["imported_token_ids_from"] = String(vocabulary)
        // Room in the id width for strings past the vocabulary.
        let stream = try FeatureIndexWriter.Stream(path: out, metadata: allMetadata, largestTokenID: vocabulary * 2)
        do {
            var written = Set<Int>()
            for (done, batch) in export.featureBatches.enumerated() {
                var features: [NeuronpediaFeature] = []
                try export.forEachObject(in: batch.path) { object, line in
                    let feature = try NeuronpediaFeature(object, place: "\(batch.path):\(line)")
                    try check(feature, dictionary: dictionary, hookName: hookName, force: force, place: "\(batch.path):\(line)")
                    guard written.insert(feature.index).inserted else {
                        throw InputError("\(batch.path):\(line)", "repeats feature \(feature.index)")
                    }
                    summary.source = summary.source ?? feature.source
                    features.append(feature)
                }
                var records: [Int: [NeuronpediaActivation]] = [:]
                let inBatch = Set(features.map(\.index))
                if let file = export.activationBatches[batch.number] {
                    try export.forEachObject(in: file) { object, line in
                        let record = try NeuronpediaActivation(object, place: "\(file):\(line)")
                        guard record.index < dictionary.featureCount else {
                            throw InputError("\(file):\(line)", "holds feature \(record.index), but the dictionary has \(dictionary.featureCount) features")
                        }
                        // A record of a feature the same-numbered features batch lacks would be dropped unseen.
                        guard inBatch.contains(record.index) else {
                            throw InputError("\(file):\(line)", "holds feature \(record.index), which \(batch.path) does not list")
                        }
                        for text in record.tokens where seen.insert(text).inserted && idOf[text] == nil { unmatched += 1 }
                        records[record.index, default: []].append(record)
                    }
                }
                let built = try features.map { feature in
                    try record(feature, activations: records[feature.index] ?? [], id: id)
                }
                summary.features += built.count
                summary.examples += built.reduce(0) { $0 + $1.topExamples.count + $1.quantileExamples.count }
                try checkTokens(seen: seen, unmatched: unmatched, force: force)
                try stream.add(built)
                progress(done + 1, export.featureBatches.count)
            }
            summary.tokenStrings = seen.count
            summary.unmatchedStrings = unmatched
            try stream.finish(metadata: summary.source.map { ["neuronpedia_source": $0] } ?? [:])
        } catch {
            stream.discard()
            throw error
        }
        return summary
    }

    /// Refuses a row of a feature the dictionary lacks, or of another hook point unless `force`.
    private func check(_ feature: NeuronpediaFeature, dictionary: SparseDictionary, hookName: String?, force: Bool, place: String) throws {
        guard feature.index < dictionary.featureCount else {
            throw InputError(place, "holds feature \(feature.index), but the dictionary has \(dictionary.featureCount) features: is this export another dictionary's?")
        }
        if let beyond = feature.neighbours.first(where: { $0.feature >= dictionary.featureCount }) {
            throw InputError(place, "lists feature \(beyond.feature) as a neighbour, but the dictionary has \(dictionary.featureCount) features")
        }
        if !force, let theirs = feature.hookName, let ours = hookName, theirs != ours {
            throw InputError(place, "is an export of \(theirs), but the dictionary reads \(ours) (--force to import it anyway)")
        }
    }

    /// Refuses an export most of whose token strings are no token of the model (after enough strings to judge).
    private func checkTokens(seen: Set<String>, unmatched: Int, force: Bool) throws {
        guard !force, seen.count >= 50, Double(unmatched) > 0.2 * Double(seen.count) else { return }
        throw InputError(export.path, "\(unmatched) of its \(seen.count) token strings are no token of the model: is this export another model's? (--force to import it anyway)")
    }

    /// The index record of `feature` from its activation records.
    private func record(_ feature: NeuronpediaFeature, activations: [NeuronpediaActivation], id: (String) throws -> Int) throws -> FeatureRecord {
        let strongest = activations.sorted { $0.maxValue != $1.maxValue ? $0.maxValue > $1.maxValue : $0.tokens.lexicographicallyPrecedes($1.tokens) }
        let top = try strongest.prefix(settings.topExamples).map { try example($0, id: id) }
        let ascending = strongest.reversed().filter { $0.maxValue > 0 }
        let quantiles = ascending.isEmpty ? [] : try settings.quantiles.map { q in
            try example(ascending[min(ascending.count - 1, Int(q * Double(ascending.count)))], id: id)
        }
        let topTokens = AutoLabel.topTokens(top)
        let maximum = max(feature.maxActivation, strongest.first?.maxValue ?? 0)
        let (histogram, mean) = rebinned(feature, over: maximum)
        let fired = feature.density > 0 || !top.isEmpty
        return FeatureRecord(
            id: feature.index, density: feature.density, maxActivation: maximum, meanActivation: mean,
            label: fired ? AutoLabel.label(topTokens: topTokens, fired: true) : "(dead in Neuronpedia's data)", topTokens: topTokens,
            histogram: histogram, topExamples: top, quantileExamples: quantiles,
            promoted: try feature.promoted.prefix(settings.tokenEffects).map { TokenEffect(id: try id($0.0), token: $0.0, effect: $0.1) },
            suppressed: try feature.suppressed.prefix(settings.tokenEffects).map { TokenEffect(id: try id($0.0), token: $0.0, effect: $0.1) },
            neighbours: feature.neighbours.isEmpty ? nil : feature.neighbours)
    }

    /// The window a built index keeps around a record's peak, its token strings as Neuronpedia shows them.
    private func example(_ record: NeuronpediaActivation, id: (String) throws -> Int) throws -> FeatureExample {
        let range = max(0, record.peak - settings.windowBefore)..<min(record.tokens.count, record.peak + settings.windowAfter + 1)
        let tokens = Array(record.tokens[range])
        return FeatureExample(ids: try tokens.map(id), tokens: tokens, activations: Array(record.values[range]), maxActivation: record.maxValue)
    }

    /// Neuronpedia's activation histogram (bin centres and counts, checked finite and whole when read) in the index's
    /// equal bins over (0, `maximum`], and the mean activation it implies.
    private func rebinned(_ feature: NeuronpediaFeature, over maximum: Float) -> (histogram: [Int], mean: Float) {
        let bins = settings.histogramBins
        var histogram = [Double](repeating: 0, count: bins)
        var total = 0.0, weighted = 0.0
        for (centre, count) in zip(feature.histogramValues, feature.histogramCounts) where count > 0 && centre > 0 {
            let position = Double(centre) / Double(max(maximum, 1e-12)) * Double(bins)
            histogram[Int(min(Double(bins - 1), max(0, position)))] += count
            total += count
            weighted += count * Double(centre)
        }
        return (histogram.map { Int(min($0, 9e15)) }, total > 0 ? Float(weighted / total) : 0)
    }
}
