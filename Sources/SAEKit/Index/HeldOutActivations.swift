import Foundation

/// Held-out text run through the model once and encoded by one or more dictionaries at their hook point:
/// the token ids of every context and, per dictionary, the sparse codes of every stored position.
public struct HeldOutActivations {
    /// The token ids of each context.
    public let contexts: [[Int]]
    /// Each context's number among all the text's contexts (0, 1, 2, … for a whole run; every N-th for a shard).
    public let contextNumbers: [Int]
    /// How many contexts the whole text makes (a shard runs its share of them).
    public let totalContexts: Int
    /// Leading positions of each context left out (the attention-sink position, as in the harvest).
    public let skippedPositions: Int
    /// Per dictionary, codes with one row per stored position: row = context · (length − skipped) + position − skipped.
    public let codes: [SparseCodes]

    /// Contexts run and encoded together.
    public static let contextsPerBatch = 16

    /// Positions stored per context.
    public var storedPerContext: Int { (contexts.first?.count ?? 0) - skippedPositions }

    /// Tokenizes `documents` into contexts of `contextLength` (up to `tokenLimit` tokens), runs the model to `hook`
    /// and encodes the residual stream with every dictionary; `progress` hears (contexts done, total). A `shard`
    /// (index i of count N) runs only the batches of `contextsPerBatch` contexts numbered i, i + N, i + 2N, …:
    /// disjoint parts that `init(parts:)` puts together. Whole batches, because a batch is encoded in one product,
    /// whose floats depend on what else is in it: the same batches give a merge exactly a single run's codes.
    public init(model: LanguageModel, documents: [CorpusFile.Document], hook: HookPoint, dictionaries: [SparseDictionary],
                contextLength: Int = 128, skippedPositions: Int = 1, tokenLimit: Int, shard: (index: Int, count: Int)? = nil,
                progress: (Int, Int) -> Void = { _, _ in }) throws {
        let width = hook.width(in: model.config)
        for dictionary in dictionaries where dictionary.dIn != width {
            throw InputError("--dict", "d_in \(dictionary.dIn) does not match the width \(width) at \(hook)")
        }
        let all = TokenContexts.make(documents, tokenizer: model.tokenizer, length: contextLength, limit: max(1, tokenLimit / contextLength))
        guard !all.isEmpty else { throw InputError("held-out text", "holds fewer than \(contextLength) tokens") }
        let numbers = shard.map { share in all.indices.filter { ($0 / Self.contextsPerBatch) % share.count == share.index } } ?? Array(all.indices)
        guard !numbers.isEmpty else { throw InputError("--shard", "the text makes \(all.count) contexts, fewer than the shards") }
        let contexts = numbers.map { all[$0] }
        let session = ModelSession(model: model)
        let stored = contextLength - skippedPositions
        var rows = [[[(feature: Int32, value: Float)]]](repeating: [], count: dictionaries.count)
        let batchContexts = Self.contextsPerBatch
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
        contextNumbers = numbers
        totalContexts = all.count
        self.skippedPositions = skippedPositions
        codes = rows.map { SparseCodes(rows: $0) }
    }

    /// The whole run that disjoint shards' parts make together (one dictionary each): contexts and codes back in the
    /// text's order, each context from 0 to `totalContexts` − 1 exactly once, or an error naming `source`.
    public init(parts: [(numbers: [Int], contexts: [[Int]], codes: SparseCodes)], totalContexts: Int, skippedPositions: Int,
                source: String) throws {
        var byNumber = [(part: Int, slot: Int)?](repeating: nil, count: totalContexts)
        for (p, part) in parts.enumerated() {
            for (slot, number) in part.numbers.enumerated() {
                guard (0..<totalContexts).contains(number) else { throw InputError(source, "holds context \(number) of \(totalContexts)") }
                guard byNumber[number] == nil else { throw InputError(source, "the parts overlap: context \(number) is in two of them") }
                byNumber[number] = (p, slot)
            }
        }
        if let missing = byNumber.firstIndex(where: { $0 == nil }) {
            throw InputError(source, "no part holds context \(missing) of \(totalContexts): a shard is missing")
        }
        let stored = (parts.first?.contexts.first?.count ?? 0) - skippedPositions
        var rows: [[(feature: Int32, value: Float)]] = []
        rows.reserveCapacity(totalContexts * stored)
        for place in byNumber {
            let (p, slot) = place!
            for r in (slot * stored)..<((slot + 1) * stored) {
                let codes = parts[p].codes
                rows.append((codes.rowStart[r]..<codes.rowStart[r + 1]).map { (codes.features[$0], codes.values[$0]) })
            }
        }
        contexts = byNumber.map { parts[$0!.part].contexts[$0!.slot] }
        contextNumbers = Array(0..<totalContexts)
        self.totalContexts = totalContexts
        self.skippedPositions = skippedPositions
        codes = [SparseCodes(rows: rows)]
    }
}
