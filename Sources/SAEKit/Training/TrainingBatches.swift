/// Where a training run's batches come from: harvested shards (`ShardBatches`) or the model itself
/// (`ActivationStream`). Every dictionary of a run trains on the same batches, in the same order.
public protocol TrainingBatches: AnyObject {
    /// Width of every row.
    var dIn: Int { get }
    /// The hook point and model the rows come from, for the finished dictionaries' metadata.
    var hookName: String? { get }
    /// The model's file name, for the finished dictionaries' metadata.
    var modelName: String? { get }
    /// Rows to initialise a dictionary from (its input scale and decoder bias).
    func initialisationSample() throws -> Matrix
    /// Moves to the batch after `step` batches, where a checkpoint left off; `position` is what `position` said then.
    func resume(afterSteps step: Int, position: Int) throws
    /// The next batch of `size` unscaled rows, or nil when the data is used up.
    func next(size: Int) throws -> Matrix?
    /// An opaque position a checkpoint stores, so that `resume` can continue from it.
    var position: Int { get }
    /// Rows on which a finished dictionary's firing statistics are measured.
    func statisticsSample(maxRows: Int) -> StatisticsSample
}

/// Training rows set aside for measuring finished dictionaries, read in chunks.
public struct StatisticsSample {
    /// How many rows.
    public var count: Int
    /// What they are, for the statistics' source line.
    public var source: String
    /// The rows of a range of the sample.
    public var rows: (Range<Int>) -> Matrix
}
