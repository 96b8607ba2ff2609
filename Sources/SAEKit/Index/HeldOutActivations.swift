import Foundation

/// Held-out text run through the model once and encoded by one or more dictionaries at their hook point:
/// the token ids of every context and, per dictionary, the sparse codes of every stored position.
public struct HeldOutActivations {
    /// The token ids of each context.
    public let contexts: [[Int]]
    /// Leading positions of each context left out (the attention-sink position, as in the harvest).
    public let skippedPositions: Int
    /// Per dictionary, codes with one row per stored position: row = context · (length − skipped) + position − skipped.
    public let codes: [SparseCodes]

    /// Positions stored per context.
    public var storedPerContext: Int { (contexts.first?.count ?? 0) - skippedPositions }

    /// Tokenizes `documents` into contexts of `contextLength` (up to `tokenLimit` tokens), runs the model to `hook`
    /// and encodes the residual stream with every dictionary; `progress` hears (contexts done, total).
    public init(model: LanguageModel, documents: [CorpusFile.Document], hook: HookPoint, dictionaries: [SparseDictionary],
                contextLength: Int = 128, skippedPositions: Int = 1, tokenLimit: Int,
                progress: (Int, Int) -> Void = { _, _ in }) throws {
        let width = hook.width(in: model.config)
        for dictionary in dictionaries where dictionary.dIn != width {
            throw InputError("--dict", "d_in \(dictionary.dIn) does not match the width \(width) at \(hook)")
        }
        let contexts = TokenContexts.make(documents, tokenizer: model.tokenizer, length: contextLength,
                                          limit: max(1, tokenLimit / contextLength))
        guard !contexts.isEmpty else { throw InputError("held-out text", "holds fewer than \(contextLength) tokens") }
        let session = ModelSession(model: model)
        let stored = contextLength - skippedPositions
        var rows = [[[(feature: Int32, value: Float)]]](repeating: [], count: dictionaries.count)
        let batchContexts = 16
        for start in stride(from: 0, to: contexts.count, by: batchContexts) {
            let batch = Array(contexts[start..<min(contexts.count, start + batchContexts)])
            let residual = Matrix(rows: batch.count * stored, cols: width)
            for (slot, context) in batch.enumerated() {
                let handle = session.addHook(at: hook) { h, _ in
                    (residual.base + slot * stored * width).update(from: h.base + skippedPositions * width, count: stored * width)
                }
                defer { session.removeHook(handle) }
                try session.runPartially(batch: [.init(lane: 0, tokens: context)], through: hook.layer)
            }
            for (d, dictionary) in dictionaries.enumerated() {
                let batchCodes = dictionary.encode(residual)
                for r in 0..<batchCodes.rowCount { rows[d].append(batchCodes.row(r).map { (Int32($0.feature), $0.value) }) }
            }
            progress(min(start + batchContexts, contexts.count), contexts.count)
        }
        self.contexts = contexts
        self.skippedPositions = skippedPositions
        codes = rows.map { SparseCodes(rows: $0) }
    }
}
