import Foundation

/// Trains a dictionary on activation shards: resumable from checkpoints, repeatable from its seed.
///
/// Inputs are scaled by one dataset-level factor s = sqrt(d_in)/E‖x‖ during training (measured once on a sample,
/// stored in the checkpoint) and the factor is folded into the weights of the finished dictionary.
public final class SAETrainer {
    /// The run's settings.
    public let config: TrainingConfig
    /// The training data.
    public let data: ActivationShardSet
    /// Where checkpoints are written and resumed from.
    public let checkpointPath: String
    /// The parameters being trained.
    public private(set) var parameters: SAEParameters
    /// Steps done.
    public private(set) var step = 0
    /// The dataset-level input scale.
    public private(set) var inputScale: Float = 1
    private var optimizer: AdamOptimizer
    private var tokensSinceFired: [Int]

    /// Prepares a run: resumes from `checkpointPath` when a checkpoint of the same configuration is there.
    public init(config: TrainingConfig, data: ActivationShardSet, checkpointPath: String) throws {
        guard data.dIn == config.dIn else { throw InputError("--shards", "shards have width \(data.dIn), the run expects d_in \(config.dIn)") }
        guard data.rowCount >= config.batchSize else {
            throw InputError("--shards", "holds \(data.rowCount) rows, fewer than one batch of \(config.batchSize)")
        }
        self.config = config
        self.data = data
        self.checkpointPath = checkpointPath
        parameters = SAEParameters(dIn: config.dIn, dSAE: config.dSAE)
        optimizer = AdamOptimizer(shapes: parameters.tensors.map { ($0.matrix.rows, $0.matrix.cols) },
                                  beta1: config.adamBeta1, beta2: config.adamBeta2, epsilon: config.adamEpsilon)
        tokensSinceFired = [Int](repeating: 0, count: config.dSAE)
        if FileManager.default.fileExists(atPath: checkpointPath) {
            try TrainingCheckpoint.restore(from: checkpointPath, into: self)
        } else {
            initialize()
        }
    }

    /// Fresh parameters: the input scale and mean from a sample, random unit decoder rows, tied encoder.
    private func initialize() {
        let sampleCount = min(data.rowCount, 16_384)
        var rng = SeededGenerator(seed: config.seed ^ 0x5A5A)
        let sample = data.rows((0..<sampleCount).map { _ in Int(rng.next() % UInt64(data.rowCount)) })
        var normSum = 0.0
        var mean = [Double](repeating: 0, count: config.dIn)
        for r in 0..<sample.rows {
            var s: Float = 0
            for i in 0..<config.dIn { s += sample[r, i] * sample[r, i]; mean[i] += Double(sample[r, i]) }
            normSum += Double(s.squareRoot())
        }
        inputScale = Float(Double(config.dIn).squareRoot() / max(normSum / Double(sample.rows), 1e-12))
        parameters.initialize(seed: config.seed, mean: mean.map { Float($0 / Double(sample.rows)) * inputScale })
    }

    /// Restores state read from a checkpoint.
    func restore(parameters: SAEParameters, optimizer: AdamOptimizer, step: Int, inputScale: Float, tokensSinceFired: [Int]) {
        self.parameters = parameters
        self.optimizer = optimizer
        self.step = step
        self.inputScale = inputScale
        self.tokensSinceFired = tokensSinceFired
    }

    /// The Adam state (for checkpoints).
    var optimizerState: AdamOptimizer { optimizer }
    /// Tokens since each latent last fired (for checkpoints).
    var firingAges: [Int] { tokensSinceFired }

    /// The learning rate at `step`: linear warm-up over the first 1% of steps, constant, linear decay over the last 20%.
    func learningRate(at step: Int) -> Float {
        let total = Float(config.totalSteps), s = Float(step)
        let warmup = max(total * 0.01, 1)
        if s < warmup { return config.learningRate * (s + 1) / warmup }
        let decayStart = total * 0.8
        if s > decayStart { return config.learningRate * max(0, (total - s) / (total - decayStart)) }
        return config.learningRate
    }

    /// Trains until the configured number of tokens is consumed or `shouldStop` returns true, writing checkpoints
    /// on schedule and when stopping; `progress` is called after every step.
    public func run(progress: (TrainingProgress) -> Void, shouldStop: () -> Bool = { false }) throws {
        let gradients = SAEGradients(dIn: config.dIn, dSAE: config.dSAE)
        let buffers = SAEStepBuffers(batch: config.batchSize, dIn: config.dIn, dSAE: config.dSAE)
        let started = Date()
        let firstStep = step
        var ema: (loss: Double, nmse: Double, l0: Double)?
        // Each epoch is a seeded permutation of all rows, so a resumed run sees exactly the data it would have.
        var cachedEpoch = -1
        var permutation: [Int] = []
        let perEpoch = data.rowCount / config.batchSize
        while step < config.totalSteps && !shouldStop() {
            let epoch = step / perEpoch
            if epoch != cachedEpoch {
                var rng = SeededGenerator(seed: config.seed &+ UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15)
                permutation = Array(0..<data.rowCount)
                permutation.shuffle(using: &rng)
                cachedEpoch = epoch
            }
            let position = step % perEpoch
            let x = data.rows(Array(permutation[(position * config.batchSize)..<((position + 1) * config.batchSize)]), scale: inputScale)
            let dead = tokensSinceFired.map { $0 >= config.deadAfterTokens }
            let statistics = SAEBackprop.run(parameters, x: x, objective: config.objective, dead: dead, gradients: gradients,
                                             buffers: buffers)
            optimizer.step(parameters: parameters.tensors.map(\.matrix), gradients: gradients.tensors,
                           learningRate: learningRate(at: step))
            if case .topK = config.objective { parameters.normalizeDecoderRows() }
            for j in 0..<config.dSAE { tokensSinceFired[j] = statistics.fired[j] ? 0 : tokensSinceFired[j] + config.batchSize }
            step += 1

            let smoothing = 0.9
            if let previous = ema {
                ema = (smoothing * previous.loss + (1 - smoothing) * statistics.loss,
                       smoothing * previous.nmse + (1 - smoothing) * statistics.normalizedMSE,
                       smoothing * previous.l0 + (1 - smoothing) * statistics.l0)
            } else {
                ema = (statistics.loss, statistics.normalizedMSE, statistics.l0)
            }
            let elapsed = Date().timeIntervalSince(started)
            progress(TrainingProgress(step: step, totalSteps: config.totalSteps, batchSize: config.batchSize,
                                      tokensPerSecond: Double((step - firstStep) * config.batchSize) / max(elapsed, 1e-9),
                                      loss: ema!.loss, normalizedMSE: ema!.nmse, l0: ema!.l0, deadFraction: deadFraction))
            if step % config.checkpointEverySteps == 0 { try TrainingCheckpoint.save(self, to: checkpointPath) }
        }
        try TrainingCheckpoint.save(self, to: checkpointPath)
    }

    /// How `dictionary` (this run's, finished) fires on up to `sampleRows` training activations spread evenly over the
    /// shards, so that a new dictionary shows densities and maxima (and steers by multiples of its maximum) before it
    /// has a feature index; `progress` gets the rows done after each chunk.
    public func firingStatistics(of dictionary: SparseDictionary, sampleRows: Int = 262_144,
                                 progress: (Int, Int) -> Void = { _, _ in }) -> FeatureStatistics {
        let total = min(sampleRows, data.rowCount)
        let picks = (0..<total).map { $0 * data.rowCount / total }
        var tally = FiringTally(featureCount: dictionary.featureCount)
        for start in stride(from: 0, to: total, by: 16_384) {
            tally.add(dictionary.encode(data.rows(Array(picks[start..<min(total, start + 16_384)]))))
            progress(tally.rows, total)
        }
        return tally.statistics(source: "\(total) training activations")
    }

    /// Fraction of latents that have not fired within `deadAfterTokens`.
    public var deadFraction: Double {
        Double(tokensSinceFired.filter { $0 >= config.deadAfterTokens }.count) / Double(config.dSAE)
    }

    /// Whether every configured step has run.
    public var isFinished: Bool { step >= config.totalSteps }

    /// The trained dictionary (input scale folded in), labelled with `hookName` and `modelName`.
    public func dictionary(hookName: String?, modelName: String?) -> SparseDictionary {
        var dictionaryConfig: DictionaryConfig
        switch config.objective {
        case .topK(let k, _, _):
            dictionaryConfig = DictionaryConfig(format: .saescope, architecture: .topk, dIn: config.dIn, dSAE: config.dSAE, k: k)
        case .reluL1:
            dictionaryConfig = DictionaryConfig(format: .saescope, architecture: .standard, dIn: config.dIn, dSAE: config.dSAE)
        }
        dictionaryConfig.hookName = hookName
        dictionaryConfig.modelName = modelName
        return parameters.dictionary(config: dictionaryConfig, inputScale: inputScale)
    }
}
