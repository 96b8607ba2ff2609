import Foundation

/// Runs the model over a corpus in fixed-length contexts and stores the residual stream at one hook point as
/// float16 shards. The token stream and its cut into contexts and shards are fixed by the corpus, so a killed run
/// resumes at the first missing shard and produces the same files.
public final class ActivationHarvester {
    /// Harvest settings.
    public struct Settings: Sendable {
        /// The hook point to record.
        public var hook: HookPoint
        /// Tokens per context (each context is a fresh sequence).
        public var contextLength = 128
        /// Contexts per shard.
        public var contextsPerShard = 512
        /// Contexts run together in one forward pass (as lanes of one session), so that each weight is decoded once
        /// for all of their rows and BLAS multiplies larger blocks.
        public var contextsPerPass = 4
        /// Stop after this many stored tokens.
        public var tokenLimit: Int
        /// Leading positions of each context not stored: the first position acts as an attention sink whose
        /// residual norm is far above the rest (SAELens likewise leaves out the BOS position).
        public var skippedPositions = 1

        /// Settings recording `hook` for up to `tokenLimit` tokens.
        public init(hook: HookPoint, tokenLimit: Int) {
            self.hook = hook
            self.tokenLimit = tokenLimit
        }

        /// Tokens stored per context.
        public var storedPerContext: Int { contextLength - skippedPositions }
    }

    /// A progress report.
    public struct Progress: Sendable {
        /// Shards written (in all, including earlier runs) and the total.
        public var shardsDone: Int, shardCount: Int
        /// Model tokens processed per second in this run.
        public var tokensPerSecond: Double
        /// Estimated seconds to finish.
        public var secondsLeft: Double
    }

    private let model: LanguageModel
    private let settings: Settings
    private let contexts: [[Int]]

    /// How documents are ordered before they are cut into contexts; recorded in every shard so that a resumed
    /// harvest never mixes two orders.
    public static let documentOrder = "shuffled-seed-0"

    /// Tokenizes `documents` (each followed by `<|endoftext|>`) into contexts of `settings.contextLength` tokens,
    /// in a seeded shuffle of the documents: the corpus file is grouped by source, and a harvest that stops early
    /// must still hold every source in proportion.
    public init(model: LanguageModel, documents: [CorpusFile.Document], settings: Settings) throws {
        guard settings.contextLength > settings.skippedPositions, settings.contextLength <= model.config.contextLength else {
            throw InputError("--context", "must be between \(settings.skippedPositions + 1) and the model's \(model.config.contextLength)")
        }
        self.model = model
        self.settings = settings
        let contextsWanted = (settings.tokenLimit + settings.storedPerContext - 1) / settings.storedPerContext
        contexts = TokenContexts.make(CorpusMix.documents([(documents, 1)]), tokenizer: model.tokenizer, length: settings.contextLength, limit: contextsWanted)
    }

    /// Number of shards the harvest writes.
    public var shardCount: Int { (contexts.count + settings.contextsPerShard - 1) / settings.contextsPerShard }

    /// Tokens that will be stored.
    public var storedTokenCount: Int { contexts.count * settings.storedPerContext }

    /// Writes every missing shard into `directory`, calling `progress` after each; stops early when `shouldStop`.
    public func run(directory: String, metadata: [String: String], progress: (Progress) -> Void,
                    shouldStop: () -> Bool = { false }) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let first = directory + "/" + ActivationShardSet.fileName(0)
        if FileManager.default.fileExists(atPath: first),
           try SafetensorsFile(path: first).metadata["document_order"] != Self.documentOrder {
            throw InputError(directory, "holds shards harvested in another document order; move them away to start a new harvest")
        }
        let lanes = max(1, settings.contextsPerPass)
        let session = ModelSession(model: model, lanes: lanes)
        let width = settings.hook.width(in: model.config), stored = settings.storedPerContext, skip = settings.skippedPositions
        let started = Date()
        var processed = 0
        for shard in 0..<shardCount {
            if FileManager.default.fileExists(atPath: directory + "/" + ActivationShardSet.fileName(shard)) { continue }
            if shouldStop() { return }
            let range = (shard * settings.contextsPerShard)..<min(contexts.count, (shard + 1) * settings.contextsPerShard)
            let activations = Matrix(rows: range.count * stored, cols: width)
            for passStart in stride(from: range.lowerBound, to: range.upperBound, by: lanes) {
                let pass = passStart..<min(range.upperBound, passStart + lanes)
                // The hook is called once per context of the pass, in order.
                var slot = passStart - range.lowerBound
                let handle = session.addHook(at: settings.hook) { residual, _ in
                    (activations.base + slot * stored * width).update(from: residual.base + skip * width, count: stored * width)
                    slot += 1
                }
                defer { session.removeHook(handle) }
                let segments = pass.enumerated().map { ModelSession.Segment(lane: $0.offset, tokens: contexts[$0.element]) }
                try session.runPartially(batch: segments, through: settings.hook.layer)
                processed += pass.count * settings.contextLength
            }
            var shardMetadata = metadata
            shardMetadata["document_order"] = Self.documentOrder
            shardMetadata["hook_name"] = settings.hook.description
            shardMetadata["context_length"] = String(settings.contextLength)
            shardMetadata["skipped_positions"] = String(skip)
            try ActivationShardSet.writeShard(activations, index: shard, directory: directory, metadata: shardMetadata)
            let elapsed = Date().timeIntervalSince(started)
            let rate = Double(processed) / max(elapsed, 1e-9)
            let done = (0..<shardCount).filter { FileManager.default.fileExists(atPath: directory + "/" + ActivationShardSet.fileName($0)) }.count
            progress(Progress(shardsDone: done, shardCount: shardCount, tokensPerSecond: rate,
                              secondsLeft: Double((shardCount - done) * settings.contextsPerShard * settings.contextLength) / max(rate, 1e-9)))
        }
    }
}
