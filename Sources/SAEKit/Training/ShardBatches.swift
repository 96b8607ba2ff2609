/// Batches drawn from activation shards: each epoch is a seeded permutation of all rows, so a resumed run sees
/// exactly the data it would have.
public final class ShardBatches: TrainingBatches {
    /// The shards.
    public let data: ActivationShardSet
    private let seed: UInt64
    private var step = 0
    private var cachedEpoch = -1
    private var permutation: [Int] = []

    /// Batches over `data`, ordered by `seed`.
    public init(data: ActivationShardSet, seed: UInt64) {
        self.data = data
        self.seed = seed
    }

    public var dIn: Int { data.dIn }
    public var hookName: String? { data.metadata["hook_name"] }
    public var modelName: String? { data.metadata["model"] }
    public var position: Int { step }

    public func initialisationSample() throws -> Matrix {
        let sampleCount = min(data.rowCount, 16_384)
        var rng = SeededGenerator(seed: seed ^ 0x5A5A)
        return data.rows((0..<sampleCount).map { _ in Int(rng.next() % UInt64(data.rowCount)) })
    }

    public func resume(afterSteps step: Int, position: Int) throws { self.step = step }

    public func next(size: Int) throws -> Matrix? {
        let perEpoch = data.rowCount / size
        guard perEpoch > 0 else { throw InputError("--shards", "holds \(data.rowCount) rows, fewer than one batch of \(size)") }
        let epoch = step / perEpoch
        if epoch != cachedEpoch {
            var rng = SeededGenerator(seed: seed &+ UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15)
            permutation = Array(0..<data.rowCount)
            permutation.shuffle(using: &rng)
            cachedEpoch = epoch
        }
        let start = (step % perEpoch) * size
        step += 1
        return data.rows(Array(permutation[start..<(start + size)]))
    }

    /// Rows spread evenly over the shards.
    public func statisticsSample(maxRows: Int) -> StatisticsSample {
        let total = min(maxRows, data.rowCount), data = data
        return StatisticsSample(count: total, source: "\(total) training activations") { range in
            data.rows(range.map { $0 * data.rowCount / total })
        }
    }
}
