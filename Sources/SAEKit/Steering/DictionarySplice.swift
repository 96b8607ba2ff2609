/// The dictionary spliced into the running model at its hook point, with feature edits.
///
/// At each edited position: f = encode(x), the edits change f into f′, and x′ = decode(f′) + (x − decode(f)), so the
/// dictionary's error term is kept. Positions no edit covers are left exactly as they were, so an empty edit list
/// leaves the model's output bit for bit unchanged. Additive edits add c · W_dec[i] to x with no dictionary pass.
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

    /// The hook to install at the dictionary's hook point.
    public var hook: ResidualHook {
        { [self] residual, firstPosition in apply(to: residual, firstPosition: firstPosition) }
    }

    /// Applies the edits to the residual rows of positions `firstPosition…`.
    public func apply(to residual: Matrix, firstPosition: Int) {
        let width = residual.cols
        for edit in edits where edit.isAdditive {
            guard case .add(let c) = edit.operation else { continue }
            let direction = dictionary.decoder.base + edit.feature * width
            for r in 0..<residual.rows where edit.span.contains(firstPosition + r, promptLength: promptLength) {
                let row = residual.base + r * width
                for i in 0..<width { row[i] += c * direction[i] }
            }
        }
        let spliced = edits.filter { !$0.isAdditive }
        let rows = (0..<residual.rows).filter { r in spliced.contains { $0.span.contains(firstPosition + r, promptLength: promptLength) } }
        guard !rows.isEmpty else { return }
        let x = Matrix(rows: rows.count, cols: width)
        for (i, r) in rows.enumerated() { (x.base + i * width).update(from: residual.base + r * width, count: width) }
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
            let row = residual.base + r * width
            for c in 0..<width { row[c] = changed[i, c] + (row[c] - original[i, c]) }
        }
    }
}
