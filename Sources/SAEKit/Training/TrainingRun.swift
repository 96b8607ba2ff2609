import Foundation

/// Trains one or more dictionaries in lockstep on one source of batches: each batch is read (or computed by the
/// model) once and every dictionary takes a step on it. Checkpoints are written for all of them together, with the
/// source's position, so that a rerun resumes them at the same step.
public final class TrainingRun {
    /// Where the batches come from.
    public let batches: TrainingBatches
    /// The dictionaries being trained, all with the same batch size and step count.
    public let trainers: [SAETrainer]

    /// A run over `batches` training a dictionary for each configuration, resumed from its checkpoint path when one is
    /// there; the dictionaries must agree on batch size, token budget and (when resumed) step.
    public init(batches: TrainingBatches, dictionaries: [(config: TrainingConfig, checkpointPath: String)]) throws {
        guard let first = dictionaries.first else { throw InputError("--out", "give at least one dictionary to train") }
        for dictionary in dictionaries where dictionary.config.batchSize != first.config.batchSize
            || dictionary.config.totalTokens != first.config.totalTokens || dictionary.config.dIn != batches.dIn {
            throw InputError(dictionary.checkpointPath, "dictionaries trained together need one batch size, token budget and input width")
        }
        var sample: Matrix?
        func initialisationSample() throws -> Matrix {
            if let sample { return sample }
            let fresh = try batches.initialisationSample()
            sample = fresh
            return fresh
        }
        let trainers = try dictionaries.map { dictionary in
            try SAETrainer(config: dictionary.config, sample: try initialisationSample(), checkpointPath: dictionary.checkpointPath)
        }
        let steps = Set(trainers.map(\.step)), positions = Set(trainers.map(\.sourcePosition))
        guard steps.count == 1, positions.count == 1 else {
            throw InputError(trainers[0].checkpointPath, "the checkpoints of this run stand at different steps (\(steps.sorted())); delete them to start over")
        }
        if trainers[0].step > 0 { try batches.resume(afterSteps: trainers[0].step, position: trainers[0].sourcePosition) }
        self.batches = batches
        self.trainers = trainers
    }

    /// Steps done (the same for every dictionary).
    public var step: Int { trainers[0].step }
    /// Steps the run takes.
    public var totalSteps: Int { trainers[0].config.totalSteps }
    /// Whether every step has run.
    public var isFinished: Bool { trainers[0].isFinished }

    /// Trains until every step has run, the batches run out or `shouldStop` returns true, checkpointing on schedule
    /// and when stopping; `progress` is called after every step.
    public func run(progress: (TrainingProgress) -> Void, shouldStop: () -> Bool = { false }) throws {
        let config = trainers[0].config
        let started = Date()
        let firstStep = step
        while step < totalSteps && !shouldStop() {
            guard let batch = try batches.next(size: config.batchSize) else { break }
            for trainer in trainers { trainer.train(on: batch) }
            let elapsed = Date().timeIntervalSince(started)
            progress(TrainingProgress(step: step, totalSteps: totalSteps, batchSize: config.batchSize,
                                      tokensPerSecond: Double((step - firstStep) * config.batchSize) / max(elapsed, 1e-9),
                                      dictionaries: trainers.map { trainer in
                                          let averages = trainer.averages ?? (0, 1, 0)
                                          return .init(loss: averages.loss, normalizedMSE: averages.normalizedMSE, l0: averages.l0,
                                                       deadFraction: trainer.deadFraction)
                                      }))
            if step % config.checkpointEverySteps == 0 { try saveCheckpoints() }
        }
        try saveCheckpoints()
    }

    private func saveCheckpoints() throws {
        for trainer in trainers { try trainer.saveCheckpoint(sourcePosition: batches.position) }
    }

    /// How each of `dictionaries` (this run's, finished, in order) fires on up to `sampleRows` training rows, so that
    /// a new dictionary shows densities and maxima (and steers by multiples of its maximum) before it has a feature
    /// index; `progress` gets the rows done after each chunk.
    public func firingStatistics(of dictionaries: [SparseDictionary], sampleRows: Int = 262_144,
                                 progress: (Int, Int) -> Void = { _, _ in }) -> [FeatureStatistics] {
        let sample = batches.statisticsSample(maxRows: sampleRows)
        var tallies = dictionaries.map { FiringTally(featureCount: $0.featureCount) }
        for start in stride(from: 0, to: sample.count, by: 16_384) {
            let rows = sample.rows(start..<min(sample.count, start + 16_384))
            for (index, dictionary) in dictionaries.enumerated() { tallies[index].add(dictionary.encode(rows)) }
            progress(min(sample.count, start + 16_384), sample.count)
        }
        return tallies.map { $0.statistics(source: sample.source) }
    }
}
