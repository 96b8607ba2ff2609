import Foundation

/// How well a dictionary stands in for the activations it reconstructs, in the numbers users quote: next-token
/// cross-entropy clean, spliced (reconstruction in place of x) and zero-ablated, the fraction of loss recovered,
/// KL divergence to the clean model, fraction of variance explained and L0.
public struct SpliceEvaluation: Codable, Equatable, Sendable {
    /// Mean next-token cross-entropy (nats) of the unmodified model.
    public var ce_clean: Double
    /// … with the reconstruction spliced in at the hook point.
    public var ce_spliced: Double
    /// … with the hook point's activations set to zero.
    public var ce_zero_ablated: Double
    /// (ce_zero_ablated − ce_spliced) / (ce_zero_ablated − ce_clean).
    public var ce_loss_recovered: Double
    /// Mean KL(clean ‖ spliced) of the next-token distributions.
    public var kl: Double
    /// Fraction of variance of the activations where it writes explained by the reconstruction (for a transcoder,
    /// its prediction of its output hook from its input hook).
    public var fve: Double
    /// Mean active features per token.
    public var l0: Double
    /// Predictions scored.
    public var tokens: Int

    /// Figures with every field given.
    public init(ce_clean: Double, ce_spliced: Double, ce_zero_ablated: Double, ce_loss_recovered: Double, kl: Double,
                fve: Double, l0: Double, tokens: Int) {
        self.ce_clean = ce_clean
        self.ce_spliced = ce_spliced
        self.ce_zero_ablated = ce_zero_ablated
        self.ce_loss_recovered = ce_loss_recovered
        self.kl = kl
        self.fve = fve
        self.l0 = l0
        self.tokens = tokens
    }

    /// Evaluates `dictionary` at `site` on `contexts`: its reconstruction spliced in where it writes; the first
    /// `skippedPositions` positions of each context are neither spliced nor scored (the attention-sink position the
    /// dictionary was not trained on).
    public static func run(model: LanguageModel, dictionary: SparseDictionary, site: DictionarySite, contexts: [[Int]],
                           skippedPositions: Int = 1, progress: (Int, Int) -> Void = { _, _ in }) throws -> SpliceEvaluation {
        let session = ModelSession(model: model)
        var ce = (clean: 0.0, spliced: 0.0, zero: 0.0), kl = 0.0, scored = 0
        var fveResidual = 0.0, l0Sum = 0.0, l0Rows = 0
        var hookActivations: [Float] = []
        for (c, context) in contexts.enumerated() {
            guard context.count > skippedPositions + 1 else { continue }
            session.reset()
            session.removeAllHooks()
            var read: Matrix?, written: Matrix?
            session.addHook(at: site.read) { residual, _ in read = residual.copy() }
            if site.write != site.read { session.addHook(at: site.write) { residual, _ in written = residual.copy() } }
            let clean = try session.forward(context, logits: .all)
            guard let x = read, let y = site.write == site.read ? x : written else { continue }
            let rows = Array(skippedPositions..<x.rows)
            let inputs = x.selecting(rows: rows), targets = site.write == site.read ? inputs : y.selecting(rows: rows)
            let codes = dictionary.encode(inputs)
            let reconstruction = dictionary.reconstruct(inputs, codes: codes)
            for i in 0..<rows.count {
                for j in 0..<y.cols { let e = Double(targets[i, j] - reconstruction[i, j]); fveResidual += e * e }
                hookActivations += targets.row(i)
            }
            l0Sum += codes.meanL0 * Double(rows.count)
            l0Rows += rows.count

            session.reset()
            session.removeAllHooks()
            let splice = session.addHook(at: site.write) { residual, first in
                for (i, r) in rows.enumerated() where r >= first && r - first < residual.rows {
                    (residual.base + (r - first) * residual.cols).update(from: reconstruction.base + i * residual.cols, count: residual.cols)
                }
            }
            let spliced = try session.forward(context, logits: .all)
            session.reset()
            session.removeHook(splice)
            session.addHook(at: site.write) { residual, first in
                for r in rows where r >= first && r - first < residual.rows {
                    (residual.base + (r - first) * residual.cols).update(repeating: 0, count: residual.cols)
                }
            }
            let zero = try session.forward(context, logits: .all)
            for p in skippedPositions..<(context.count - 1) {
                let target = context[p + 1]
                let lc = LogSoftmax(clean.row(p)), ls = LogSoftmax(spliced.row(p)), lz = LogSoftmax(zero.row(p))
                ce.clean -= lc[target]
                ce.spliced -= ls[target]
                ce.zero -= lz[target]
                kl += lc.klDivergence(to: ls)
                scored += 1
            }
            progress(c + 1, contexts.count)
        }
        guard scored > 0 else { throw InputError("--text-file", "gives no tokens to score") }
        let n = Double(scored)
        let width = dictionary.dOut
        let total = Variance.total(Matrix(rows: hookActivations.count / width, cols: width, values: hookActivations))
        return SpliceEvaluation(ce_clean: ce.clean / n, ce_spliced: ce.spliced / n, ce_zero_ablated: ce.zero / n,
                                ce_loss_recovered: ce.zero != ce.clean ? (ce.zero - ce.spliced) / (ce.zero - ce.clean) : 0,
                                kl: kl / n, fve: total > 0 ? 1 - fveResidual / total : 0,
                                l0: l0Sum / Double(max(l0Rows, 1)), tokens: scored)
    }
}

/// Log-probabilities of one row of logits, computed in float64.
struct LogSoftmax {
    let values: [Double]

    init(_ logits: UnsafeMutableBufferPointer<Float>) {
        let maximum = Double(logits.max() ?? 0)
        var sum = 0.0
        for v in logits { sum += exp(Double(v) - maximum) }
        let logSum = maximum + log(sum)
        values = logits.map { Double($0) - logSum }
    }

    subscript(_ token: Int) -> Double { values[token] }

    /// KL(self ‖ other) = Σ p (log p − log q).
    func klDivergence(to other: LogSoftmax) -> Double {
        var total = 0.0
        for i in values.indices { total += exp(values[i]) * (values[i] - other.values[i]) }
        return total
    }
}

/// The figures of one `saescope eval`, with the text they were measured on and when.
public struct RecordedEvaluation: Equatable, Sendable {
    public var figures: SpliceEvaluation
    /// The text's file name.
    public var text: String?
    /// When, as ISO 8601.
    public var date: String?

    /// The figures measured on `text` at `date`.
    public init(figures: SpliceEvaluation, text: String?, date: String?) {
        self.figures = figures
        self.text = text
        self.date = date
    }
}
