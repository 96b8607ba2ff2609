import Foundation

/// Batches of one hook point's activations computed as they are needed: the model runs over token contexts into a
/// mixing buffer, and each batch is drawn at random from the buffer, so that rows of one context spread over many
/// batches and every row is used once. Nothing is stored on disk: one model pass feeds every dictionary of a run.
///
/// Its position is the number of contexts run into the buffer. A run resumed from a checkpoint starts there with an
/// empty buffer, so the rows the buffer held when the checkpoint was written are not trained on.
public final class ActivationStream: TrainingBatches {
    /// The stream's settings.
    public struct Settings: Sendable {
        /// The hook point to read.
        public var hook: HookPoint
        /// Leading positions of each context left out (the attention sink; see `ActivationHarvester`).
        public var skippedPositions = 1
        /// Contexts run together in one forward pass.
        public var contextsPerPass = 4
        /// Contexts the mixing buffer holds; it is refilled when it is half empty.
        public var bufferContexts = 1024
        /// Fixes which rows each batch draws.
        public var seed: UInt64 = 0

        /// Settings reading `hook`.
        public init(hook: HookPoint) { self.hook = hook }
    }

    private let model: LanguageModel
    private let session: ModelSession
    private let contexts: [[Int]]
    private let settings: Settings
    private let stored: Int
    public let dIn: Int
    /// The mixing buffer: `capacity` rows, of which the first `filled` are not yet drawn.
    private let buffer: Matrix
    private var filled = 0
    /// Buffer rows ever written (the statistics sample after the last refill).
    private var written = 0
    private var contextsRun = 0
    private var generator: SeededGenerator
    /// Rows left out because a value was not finite.
    public private(set) var skippedRowCount = 0
    /// Model tokens run so far in this process, and the seconds spent running them.
    public private(set) var modelTokens = 0, modelSeconds = 0.0

    /// A stream over `contexts` (each run as a fresh sequence) at `settings.hook`.
    public init(model: LanguageModel, contexts: [[Int]], settings: Settings) throws {
        let lengths = Set(contexts.map(\.count))
        guard let length = lengths.first, lengths.count == 1, length > settings.skippedPositions else {
            throw InputError("contexts", "must all have one length, longer than the \(settings.skippedPositions) left out")
        }
        guard length <= model.config.contextLength else {
            throw InputError("--context", "must be at most the model's \(model.config.contextLength)")
        }
        self.model = model
        self.contexts = contexts
        self.settings = settings
        stored = length - settings.skippedPositions
        dIn = settings.hook.width(in: model.config)
        session = ModelSession(model: model, lanes: max(1, settings.contextsPerPass))
        buffer = Matrix(rows: max(2, settings.bufferContexts) * stored, cols: dIn)
        generator = SeededGenerator(seed: settings.seed)
    }

    public var hookName: String? { settings.hook.description }
    public var modelName: String? { model.fileName }
    public var position: Int { contextsRun }

    /// Rows the stream yields in all (its contexts' stored positions).
    public var rowCount: Int { contexts.count * stored }

    /// Up to 16,384 rows drawn at random from the first buffer's worth of contexts (which stay in the buffer).
    public func initialisationSample() throws -> Matrix {
        try refill()
        var rng = SeededGenerator(seed: settings.seed ^ 0x5A5A)
        let count = min(filled, 16_384)
        let sample = Matrix(rows: count, cols: dIn)
        for r in 0..<count {
            (sample.base + r * dIn).update(from: buffer.base + Int(rng.next() % UInt64(filled)) * dIn, count: dIn)
        }
        return sample
    }

    public func resume(afterSteps step: Int, position: Int) throws {
        guard position <= contexts.count else {
            throw InputError("--checkpoint", "stands at context \(position), but this run has only \(contexts.count)")
        }
        contextsRun = position
        filled = 0
        generator = SeededGenerator(seed: settings.seed &+ UInt64(position) &* 0x9E37_79B9_7F4A_7C15)
    }

    public func next(size: Int) throws -> Matrix? {
        if filled < buffer.rows / 2 { try refill() }
        guard filled >= size else { return nil }
        // A partial Fisher–Yates shuffle: `size` rows drawn at random move to the end of the undrawn part.
        let spare = UnsafeMutablePointer<Float>.allocate(capacity: dIn)
        defer { spare.deallocate() }
        for i in 0..<size {
            let last = filled - 1 - i
            let pick = Int(generator.next() % UInt64(last + 1))
            if pick != last {
                let a = buffer.base + pick * dIn, b = buffer.base + last * dIn
                spare.update(from: a, count: dIn)
                a.update(from: b, count: dIn)
                b.update(from: spare, count: dIn)
            }
        }
        filled -= size
        let batch = Matrix(rows: size, cols: dIn)
        batch.base.update(from: buffer.base + filled * dIn, count: size * dIn)
        return batch
    }

    /// The rows the buffer held after its last refill (drawn or not: each is a training row).
    public func statisticsSample(maxRows: Int) -> StatisticsSample {
        let count = min(maxRows, written), buffer = buffer, dIn = dIn
        return StatisticsSample(count: count, source: "\(count) training activations (the stream's last buffer)") { range in
            let rows = Matrix(rows: range.count, cols: dIn)
            rows.base.update(from: buffer.base + range.lowerBound * dIn, count: range.count * dIn)
            return rows
        }
    }

    /// Runs contexts into the buffer until it is full or the contexts are used up.
    private func refill() throws {
        let lanes = session.laneCount, skip = settings.skippedPositions, width = dIn, stored = stored
        let started = Date()
        while contextsRun < contexts.count && filled + stored <= buffer.rows {
            let count = min(lanes, contexts.count - contextsRun, (buffer.rows - filled) / stored)
            var slot = 0
            let buffer = buffer, start = filled
            var kept = 0
            let handle = session.addHook(at: settings.hook) { residual, _ in
                for p in 0..<stored {
                    let row = residual.base + (skip + p) * width
                    guard (0..<width).allSatisfy({ row[$0].isFinite }) else { continue }
                    (buffer.base + (start + kept) * width).update(from: row, count: width)
                    kept += 1
                }
                slot += 1
            }
            defer { session.removeHook(handle) }
            let segments = (0..<count).map { ModelSession.Segment(lane: $0, tokens: contexts[contextsRun + $0]) }
            try session.runPartially(batch: segments, through: settings.hook.layer)
            precondition(slot == count, "the hook ran \(slot) times for \(count) contexts")
            skippedRowCount += count * stored - kept
            filled += kept
            contextsRun += count
            modelTokens += count * (stored + skip)
        }
        written = max(written, filled)
        modelSeconds += Date().timeIntervalSince(started)
    }
}
