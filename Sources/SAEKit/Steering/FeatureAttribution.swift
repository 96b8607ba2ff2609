import Foundation

/// Which features at the hook point drive the logit of one target token at the last position: the exact effect of
/// ablating each active feature (through the rest of the model), next to the cheap linear estimate.
public struct FeatureAttribution: Sendable {
    /// One active feature's effect on the target logit.
    public struct Entry: Codable, Sendable {
        /// The feature id.
        public var feature: Int
        /// Its activation at the last position.
        public var activation: Float
        /// Target logit with the feature minus target logit with it ablated (the splice keeps the error term).
        public var exact: Float
        /// activation × the gradient of the target logit along W_dec[feature] on the direct path (through the final
        /// RMS norm, whose Jacobian is included, and the unembedding; later blocks are not differentiated); 0 for a
        /// dictionary that writes the MLP's normalised input, which has no direct path.
        public var linear: Float
    }

    /// The target token.
    public let target: Int
    /// The target's logit in the clean run.
    public let targetLogit: Float
    /// Active features, largest exact effect first.
    public let entries: [Entry]

    /// Spearman rank correlation of the exact and linear effects (1: the same order).
    public var rankAgreement: Double {
        guard entries.count > 1 else { return 1 }
        func ranks(_ values: [Float]) -> [Double] {
            var result = [Double](repeating: 0, count: values.count)
            for (rank, index) in values.indices.sorted(by: { values[$0] > values[$1] }).enumerated() { result[index] = Double(rank) }
            return result
        }
        let a = ranks(entries.map(\.exact)), b = ranks(entries.map(\.linear))
        let n = Double(entries.count)
        let squared = zip(a, b).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        return 1 - 6 * squared / (n * (n * n - 1))
    }

    /// Attributes `target`'s logit after `prompt` to the features of `dictionary` active at the last position; with
    /// no target, the model's greedy prediction there (read from the same clean run). The prompt's prefix runs once;
    /// each ablation re-runs only the last position from the cached prefix. `shouldContinue(done, total)` is asked
    /// before each ablation; when it says no, `CancellationError` is thrown.
    public init(model: LanguageModel, dictionary: SparseDictionary, site: DictionarySite, prompt: [Int], target: Int?,
                shouldContinue: (_ done: Int, _ total: Int) -> Bool = { _, _ in true }) throws {
        guard !prompt.isEmpty else { throw InputError("--prompt", "is empty") }
        if let target, !(0..<model.config.vocabularySize).contains(target) {
            throw InputError("--target", "token \(target) is outside the vocabulary")
        }
        let session = ModelSession(model: model)
        try session.prefill(Array(prompt.dropLast()))
        let prefix = session.position
        let last = [prompt[prompt.count - 1]]
        let finalHook = HookPoint(layer: model.config.layerCount - 1, kind: .residPost)

        var hookInput: Matrix?, finalResidual: Matrix?
        let capturing = [
            session.addHook(at: finalHook) { residual, _ in finalResidual = residual.copy() },
            session.addHook(at: site.read) { residual, _ in hookInput = residual.copy() },
        ]
        let clean = try session.forward(last, logits: .last)
        for handle in capturing { session.removeHook(handle) }
        let target = target ?? Sampler.argmax(UnsafeBufferPointer(clean.row(0)))
        let targetLogit = clean[0, target]
        guard let x = hookInput, let final = finalResidual else { throw InputError("--dict", "hook \(site.read) did not run") }
        let active = dictionary.encode(x).row(0)

        // Direct path: logit = u · (γ ⊙ h / rms(h)), so along d: (u⊙γ)·d / rms − (u⊙γ)·h · (h·d) / (n · rms³).
        let width = model.config.modelDim
        var sumSquares: Float = 0
        for i in 0..<width { sumSquares += final[0, i] * final[0, i] }
        let rms = (sumSquares / Float(width) + model.config.normEpsilon).squareRoot()
        var readout = [Float](repeating: 0, count: width)
        readout.withUnsafeMutableBufferPointer { model.outputHead.tensor.dequantizeRow(target, into: $0.baseAddress!) }
        for i in 0..<width { readout[i] *= model.outputNorm.weight[i] }
        var readoutAlongResidual: Float = 0
        for i in 0..<width { readoutAlongResidual += readout[i] * final[0, i] }

        let directions = ResidualDirections(dictionary: dictionary, model: model, write: site.write)
        var entries: [Entry] = []
        for (done, feature) in active.enumerated() {
            guard shouldContinue(done, active.count) else { throw CancellationError() }
            session.rewind(to: prefix)
            let splice = try DictionarySplice(dictionary: dictionary, edits: [FeatureEdit(feature: feature.feature, operation: .ablate)],
                                              promptLength: prompt.count, maxActivation: { _ in nil })
            let installed = splice.install(in: session, at: site)
            defer { installed.forEach(session.removeHook) }
            let ablated = try session.forward(last, logits: .last)
            var alongDirection: Float = 0, residualAlongDirection: Float = 0
            let direction = directions?.rows(feature.feature..<(feature.feature + 1)) ?? Matrix(rows: 1, cols: width)
            for i in 0..<width {
                let d = direction.base[i]
                alongDirection += readout[i] * d
                residualAlongDirection += final[0, i] * d
            }
            let gradient = alongDirection / rms - readoutAlongResidual * residualAlongDirection / (Float(width) * rms * rms * rms)
            let scale = Self.decodeScale(dictionary, feature: feature.feature)
            entries.append(Entry(feature: feature.feature, activation: feature.value, exact: targetLogit - ablated[0, target],
                                 linear: feature.value * scale * gradient))
        }
        self.target = target
        self.targetLogit = targetLogit
        self.entries = entries.sorted { $0.exact > $1.exact }
    }

    /// How much one unit of activation moves the decoded vector along W_dec[feature] (top-k rescaling and
    /// legacy scaling factors).
    static func decodeScale(_ dictionary: SparseDictionary, feature: Int) -> Float {
        var scale: Float = 1
        if dictionary.config.architecture == .topk && dictionary.config.rescaleActsByDecoderNorm {
            let norm = dictionary.decoderNorms[feature]
            scale = norm > 0 ? 1 / norm : 0
        }
        if let factors = dictionary.activationScale { scale *= factors[feature] }
        return scale
    }
}
