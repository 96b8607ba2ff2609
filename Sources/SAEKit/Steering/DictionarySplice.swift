/// The dictionary spliced into the running model at its site, with feature edits.
///
/// At each edited position: f = encode(x), the edits change f into f′, and x′ = decode(f′) + (x − decode(f)), so the
/// dictionary's error term is kept. Positions no edit covers are left exactly as they were, so an empty edit list
/// leaves the model's output bit for bit unchanged. Additive edits add c · W_dec[i] to x with no dictionary pass.
/// A transcoder reads x at one hook and writes at a later one: there y′ = y + decode(f′) − decode(f), with f from the
/// x of the same rows (its skip connection is the same on both sides, so it cancels).
public final class DictionarySplice {
    /// The dictionary.
    public let dictionary: SparseDictionary
    /// The edits, with clamp-to-multiple-of-max already turned into values.
    public let edits: [FeatureEdit]
    /// Length of the prompt (for prompt/generated spans).
    public var promptLength: Int

    /// A splice of `dictionary` applying `edits`; `maxActivation` gives a feature's maximum for "Nx" clamps.
    public init(dictionary: SparseDictionary, edits: [FeatureEdit], promptLength: Int, maxActivation: (Int) throws -> Float?) throws {
        self.dictionary = dictionary
        self.promptLength = promptLength
        self.edits = try edits.map { edit in
            guard (0..<dictionary.featureCount).contains(edit.feature) else {
                throw InputError("--edit", "feature \(edit.feature) does not exist (ids run from 0 to \(dictionary.featureCount - 1))")
            }
            guard case .clampToMultipleOfMax(let n) = edit.operation else { return edit }
            guard let maximum = try maxActivation(edit.feature) else {
                throw InputError("--edit", "\(edit.text) needs feature \(edit.feature)'s maximum activation, but neither a feature index nor the dictionary's statistics give it")
            }
            return FeatureEdit(feature: edit.feature, operation: .clamp(n * maximum), span: edit.span)
        }
    }

    /// Installs the splice in `session` at `site`: one hook for an autoencoder; for a transcoder, one that keeps the
    /// input rows where it reads and one that edits where it writes, later in the same forward call. Returns the
    /// hooks' handles, which remove it.
    @discardableResult
    public func install(in session: ModelSession, at site: DictionarySite) -> [HookHandle] {
        guard site.read != site.write else {
            return [session.addHook(at: site.read) { [self] residual, firstPosition in
                apply(reading: residual, writing: residual, firstPosition: firstPosition)
            }]
        }
        var input: Matrix?
        let reading = session.addHook(at: site.read) { residual, _ in input = residual.copy() }
        let writing = session.addHook(at: site.write) { [self] output, firstPosition in
            guard let x = input, x.rows == output.rows else { return }
            apply(reading: x, writing: output, firstPosition: firstPosition)
            input = nil
        }
        return [reading, writing]
    }

    /// Applies the edits to the rows of positions `firstPosition…` of `output`, encoding the same rows of `input` (the
    /// same matrix for an autoencoder). Where a feature's activation depends on its own pre-activation only (standard,
    /// JumpReLU, gated), only the edited features are computed: the others are the same in decode(f′) and decode(f),
    /// so y′ = y + Σ (f′ᵢ − fᵢ)·W_dec[i] exactly; `applyByFullEncode` is its twin.
    public func apply(reading input: Matrix, writing output: Matrix, firstPosition: Int) {
        addAdditiveEdits(to: output, firstPosition: firstPosition)
        let spliced = edits.filter { !$0.isAdditive }
        let width = output.cols
        let undoScale = !dictionary.config.isTranscoder
        for r in 0..<output.rows {
            let covering = spliced.filter { $0.span.contains(firstPosition + r, promptLength: promptLength) }
            guard !covering.isEmpty else { continue }
            var features: [Int] = []
            for edit in covering where !features.contains(edit.feature) { features.append(edit.feature) }
            guard let (values, normalization) = dictionary.activations(of: features, row: input.base + r * input.cols) else {
                return spliceByFullEncode(reading: input, writing: output, firstPosition: firstPosition)
            }
            let row = output.base + r * width
            for (feature, current) in zip(features, values) {
                let changed = edited(current, feature: feature, by: covering)
                let outputScale = undoScale ? normalization?.outputScale ?? 1 : 1
                let delta = (changed - current) * (dictionary.activationScale?[feature] ?? 1) * outputScale
                guard delta != 0 else { continue }
                let direction = dictionary.decoder.base + feature * width
                for i in 0..<width { row[i] += delta * direction[i] }
            }
        }
    }

    /// `feature`'s activation `current` after `edits` (those covering the position), in order.
    private func edited(_ current: Float, feature: Int, by edits: [FeatureEdit]) -> Float {
        var value = current
        for edit in edits where edit.feature == feature {
            switch edit.operation {
            case .clamp(let v): value = v
            case .scale(let f): value *= f
            case .ablate: value = 0
            case .clampToMultipleOfMax, .add: break
            }
        }
        return value
    }

    /// The plain twin of `apply`: every feature encoded, the edited codes decoded beside the original ones.
    package func applyByFullEncode(reading input: Matrix, writing output: Matrix, firstPosition: Int) {
        addAdditiveEdits(to: output, firstPosition: firstPosition)
        spliceByFullEncode(reading: input, writing: output, firstPosition: firstPosition)
    }

    /// Adds c · W_dec[i] for each additive edit at the positions it covers.
    private func addAdditiveEdits(to residual: Matrix, firstPosition: Int) {
        let width = residual.cols
        for edit in edits where edit.isAdditive {
            guard case .add(let c) = edit.operation else { continue }
            let direction = dictionary.decoder.base + edit.feature * width
            for r in 0..<residual.rows where edit.span.contains(firstPosition + r, promptLength: promptLength) {
                let row = residual.base + r * width
                for i in 0..<width { row[i] += c * direction[i] }
            }
        }
    }

    /// The edits that go through the dictionary, by encoding every feature of `input`'s rows and decoding the edited
    /// codes beside the original ones, the difference added to `output` (the error term kept).
    private func spliceByFullEncode(reading input: Matrix, writing output: Matrix, firstPosition: Int) {
        let width = output.cols
        let spliced = edits.filter { !$0.isAdditive }
        let rows = (0..<output.rows).filter { r in spliced.contains { $0.span.contains(firstPosition + r, promptLength: promptLength) } }
        guard !rows.isEmpty else { return }
        let x = Matrix(rows: rows.count, cols: input.cols)
        for (i, r) in rows.enumerated() { (x.base + i * input.cols).update(from: input.base + r * input.cols, count: input.cols) }
        let codes = dictionary.encode(x)
        var editedRows: [[(feature: Int32, value: Float)]] = []
        for (i, r) in rows.enumerated() {
            var active = Dictionary(uniqueKeysWithValues: codes.row(i).map { ($0.feature, $0.value) })
            for edit in spliced where edit.span.contains(firstPosition + r, promptLength: promptLength) {
                let current = active[edit.feature] ?? 0
                switch edit.operation {
                case .clamp(let v): active[edit.feature] = v
                case .scale(let f): active[edit.feature] = current * f
                case .ablate: active[edit.feature] = 0
                case .clampToMultipleOfMax, .add: break
                }
            }
            editedRows.append(active.filter { $0.value != 0 }.map { (Int32($0.key), $0.value) })
        }
        let edited = SparseCodes(rows: editedRows, normalization: codes.normalization)
        let original = dictionary.decode(codes), changed = dictionary.decode(edited)
        for (i, r) in rows.enumerated() {
            let row = output.base + r * width
            for c in 0..<width { row[c] = changed[i, c] + (row[c] - original[i, c]) }
        }
    }
}
