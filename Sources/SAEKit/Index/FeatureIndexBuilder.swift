import Foundation

/// Turns a dictionary's codes on held-out text into one `FeatureRecord` per feature: density, maximum and mean,
/// a histogram, the top examples, examples from activation quantiles, promoted and suppressed tokens, and a label.
public enum FeatureIndexBuilder {
    /// How much to keep per feature.
    public struct Settings: Sendable {
        /// Examples kept at the top.
        public var topExamples = 20
        /// Percentiles of firing activations that get an example each.
        public var quantiles: [Double] = [0.25, 0.5, 0.75]
        /// Histogram bins over (0, max].
        public var histogramBins = 32
        /// Tokens shown before and after the example's token.
        public var windowBefore = 9, windowAfter = 3
        /// Promoted and suppressed tokens kept.
        public var tokenEffects = 10

        /// The defaults.
        public init() {}
    }

    /// The records of every feature of `dictionary`, which writes at `write`, from `activations.codes[which]`;
    /// `background` (the held-out texts' word counts) is counted here unless given, so that several dictionaries
    /// over the same text share one count.
    public static func records(dictionary: SparseDictionary, activations: HeldOutActivations, which: Int, model: LanguageModel,
                               write: HookPoint, settings: Settings = Settings(), background: ContextWords? = nil) -> [FeatureRecord] {
        let codes = activations.codes[which]
        let features = dictionary.featureCount
        var count = [Int](repeating: 0, count: features)
        var sum = [Double](repeating: 0, count: features)
        var maximum = [Float](repeating: 0, count: features)
        // Extra candidates, so that overlapping windows of one passage can be dropped and still leave enough.
        var top = [TopKSelection](repeating: TopKSelection(k: settings.topExamples * 4), count: features)
        var reservoirs = [[(value: Float, row: Int32)]](repeating: [], count: features)
        let reservoirSize = 64
        var rng = SeededGenerator(seed: 17)
        for r in 0..<codes.rowCount {
            for e in codes.rowStart[r]..<codes.rowStart[r + 1] {
                let j = Int(codes.features[e]), v = codes.values[e]
                count[j] += 1
                sum[j] += Double(v)
                maximum[j] = max(maximum[j], v)
                top[j].offer(v, Int32(r))
                if reservoirs[j].count < reservoirSize {
                    reservoirs[j].append((v, Int32(r)))
                } else {
                    let slot = Int(rng.next() % UInt64(count[j]))
                    if slot < reservoirSize { reservoirs[j][slot] = (v, Int32(r)) }
                }
            }
        }
        var histograms = [[Int]](repeating: [Int](repeating: 0, count: settings.histogramBins), count: features)
        for e in 0..<codes.features.count {
            let j = Int(codes.features[e])
            let bin = min(settings.histogramBins - 1, Int(codes.values[e] / max(maximum[j], 1e-12) * Float(settings.histogramBins)))
            histograms[j][max(bin, 0)] += 1
        }
        let empty = [[TokenEffect]](repeating: [], count: features)
        let effects = ResidualDirections(dictionary: dictionary, model: model, write: write)
            .map { tokenEffects($0, model: model, keep: settings.tokenEffects) } ?? (promoted: empty, suppressed: empty)
        let tokenizer = model.tokenizer
        let background = background ?? ContextWords(contexts: activations.contexts, tokenizer: tokenizer)
        let total = Double(max(codes.rowCount, 1))
        return (0..<features).map { j in
            let topExamples = distinctPassages(top[j].sorted().map { Int($0.index) }, activations: activations, settings: settings)
                .map { example(row: $0, feature: j, activations: activations, which: which, tokenizer: tokenizer, settings: settings) }
            let sortedReservoir = reservoirs[j].sorted { $0.value < $1.value }
            let quantileExamples: [FeatureExample] = sortedReservoir.isEmpty ? [] : settings.quantiles.map { q in
                let pick = sortedReservoir[min(sortedReservoir.count - 1, Int(q * Double(sortedReservoir.count)))]
                return example(row: Int(pick.row), feature: j, activations: activations, which: which, tokenizer: tokenizer, settings: settings)
            }
            let topTokens = AutoLabel.topTokens(topExamples, tokenizer: tokenizer)
            let exampleWords = topExamples.compactMap { example in
                example.peak.map { ContextWords.words(ofWindow: example.ids, peak: $0, tokenizer: tokenizer) }
            }
            let contextWords = background.characteristic(of: exampleWords, shown: Array(topTokens.prefix(AutoLabel.shownTokens)))
            return FeatureRecord(id: j, density: Double(count[j]) / total, maxActivation: maximum[j],
                                 meanActivation: count[j] > 0 ? Float(sum[j] / Double(count[j])) : 0,
                                 label: AutoLabel.label(topTokens: topTokens, contextWords: contextWords, fired: count[j] > 0),
                                 topTokens: topTokens, histogram: histograms[j], topExamples: topExamples,
                                 quantileExamples: quantileExamples, promoted: effects.promoted[j], suppressed: effects.suppressed[j])
        }
    }

    /// The first `settings.topExamples` of `rows` (strongest first) whose windows do not overlap an earlier one's.
    static func distinctPassages(_ rows: [Int], activations: HeldOutActivations, settings: Settings) -> [Int] {
        let stored = activations.storedPerContext, span = settings.windowBefore + settings.windowAfter
        var kept: [Int] = []
        for row in rows where kept.count < settings.topExamples {
            let overlaps = kept.contains { $0 / stored == row / stored && abs($0 % stored - row % stored) <= span }
            if !overlaps { kept.append(row) }
        }
        return kept
    }

    /// The window of tokens around stored row `row`, with feature `feature`'s activation at each.
    static func example(row: Int, feature: Int, activations: HeldOutActivations, which: Int, tokenizer: Tokenizer,
                        settings: Settings) -> FeatureExample {
        let stored = activations.storedPerContext, skip = activations.skippedPositions
        let context = row / stored, position = row % stored + skip
        let tokens = activations.contexts[context]
        let range = max(0, position - settings.windowBefore)..<min(tokens.count, position + settings.windowAfter + 1)
        let codes = activations.codes[which]
        let values: [Float] = range.map { p in
            guard p >= skip else { return 0 }
            let r = context * stored + p - skip
            for e in codes.rowStart[r]..<codes.rowStart[r + 1] where Int(codes.features[e]) == feature { return codes.values[e] }
            return 0
        }
        return FeatureExample(ids: range.map { tokens[$0] }, tokens: range.map { tokenizer.text(of: tokens[$0]) },
                              activations: values, maxActivation: values.max() ?? 0)
    }

    /// For every feature, the tokens whose logits its direction in the residual stream raises and lowers most: the
    /// unembedding times (final-norm weight ⊙ direction).
    public static func tokenEffects(_ residualDirections: ResidualDirections, model: LanguageModel, keep: Int) -> (promoted: [[TokenEffect]], suppressed: [[TokenEffect]]) {
        let unembedding = model.outputHead.tensor.dequantized()
        let width = model.config.modelDim, features = residualDirections.dictionary.featureCount, vocabulary = unembedding.rows
        var promoted = [[TokenEffect]](repeating: [], count: features), suppressed = promoted
        let chunk = 512
        for start in stride(from: 0, to: features, by: chunk) {
            let count = min(chunk, features - start)
            let directions = residualDirections.rows(start..<(start + count))
            for r in 0..<count {
                for i in 0..<width { directions[r, i] *= model.outputNorm.weight[i] }
            }
            let logits = Matrix(rows: count, cols: vocabulary)
            BLAS.multiply(directions, unembedding, transposeB: true, into: logits)
            promoted.withUnsafeMutableBufferPointer { up in
                suppressed.withUnsafeMutableBufferPointer { down in
                    let up = up, down = down
                    Parallel.forEach(count) { r in
                        let row = UnsafeBufferPointer(logits.row(r))
                        var high = TopKSelection(k: keep), low = TopKSelection(k: keep)
                        for t in 0..<vocabulary {
                            high.offer(row[t], Int32(t))
                            low.offer(-row[t], Int32(t))
                        }
                        up[start + r] = high.sorted().map { TokenEffect(id: Int($0.index), token: model.tokenizer.text(of: Int($0.index)), effect: $0.value) }
                        down[start + r] = low.sorted().map { TokenEffect(id: Int($0.index), token: model.tokenizer.text(of: Int($0.index)), effect: -$0.value) }
                    }
                }
            }
        }
        return (promoted, suppressed)
    }
}
