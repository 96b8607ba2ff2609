import Foundation

/// Trains one dictionary, a batch at a time: resumable from checkpoints, repeatable from its seed. A `TrainingRun`
/// feeds it (and any dictionaries trained beside it) from activation shards or straight from the model.
///
/// Inputs are scaled by one dataset-level factor s = sqrt(d_in)/E‖x‖ during training (measured once on a sample,
/// stored in the checkpoint) and the factor is folded into the weights of the finished dictionary.
public final class SAETrainer {
    /// The run's settings.
    public let config: TrainingConfig
    /// Where checkpoints are written and resumed from.
    public let checkpointPath: String
    /// The parameters being trained.
    public private(set) var parameters: SAEParameters
    /// Steps done.
    public private(set) var step = 0
    /// The dataset-level input scale.
    public private(set) var inputScale: Float = 1
    /// Where the batch source stood when the last checkpoint was written (for a source that cannot replay from the
    /// step alone; 0 when unused).
    public private(set) var sourcePosition = 0
    /// Exponential moving averages of the batch loss, normalised MSE (1 − FVE) and L0 (nil before the first step).
    public private(set) var averages: (loss: Double, normalizedMSE: Double, l0: Double)?
    private var optimizer: AdamOptimizer
    private var tokensSinceFired: [Int]
    private let gradients: SAEGradients
    private let buffers: SAEStepBuffers

    /// Prepares a run: resumes from `checkpointPath` when a checkpoint of the same configuration is there, else
    /// initialises from `sample` (rows of the training data, unscaled: they fix the input scale and the decoder bias).
    public init(config: TrainingConfig, sample: @autoclosure () throws -> Matrix, checkpointPath: String) throws {
        self.config = config
        self.checkpointPath = checkpointPath
        parameters = SAEParameters(dIn: config.dIn, dSAE: config.dSAE)
        optimizer = AdamOptimizer(shapes: parameters.tensors.map { ($0.matrix.rows, $0.matrix.cols) },
                                  beta1: config.adamBeta1, beta2: config.adamBeta2, epsilon: config.adamEpsilon)
        tokensSinceFired = [Int](repeating: 0, count: config.dSAE)
        gradients = SAEGradients(dIn: config.dIn, dSAE: config.dSAE)
        buffers = SAEStepBuffers(batch: config.batchSize, dIn: config.dIn, dSAE: config.dSAE)
        if FileManager.default.fileExists(atPath: checkpointPath) {
            try TrainingCheckpoint.restore(from: checkpointPath, into: self)
        } else {
            let rows = try sample()
            guard rows.cols == config.dIn else { throw InputError(checkpointPath, "training rows have width \(rows.cols), the run expects d_in \(config.dIn)") }
            initialize(sample: rows)
        }
    }

    /// Fresh parameters: the input scale and mean from a sample, random unit decoder rows, tied encoder.
    private func initialize(sample: Matrix) {
        var normSum = 0.0
        var mean = [Double](repeating: 0, count: config.dIn)
        for r in 0..<sample.rows {
            var s: Float = 0
            for i in 0..<config.dIn { s += sample[r, i] * sample[r, i]; mean[i] += Double(sample[r, i]) }
            normSum += Double(s.squareRoot())
        }
        let rows = Double(max(sample.rows, 1))
        inputScale = Float(Double(config.dIn).squareRoot() / max(normSum / rows, 1e-12))
        parameters.initialize(seed: config.seed, mean: mean.map { Float($0 / rows) * inputScale })
    }

    /// Restores state read from a checkpoint.
    func restore(parameters: SAEParameters, optimizer: AdamOptimizer, step: Int, inputScale: Float, tokensSinceFired: [Int],
                 sourcePosition: Int) {
        self.parameters = parameters
        self.optimizer = optimizer
        self.step = step
        self.inputScale = inputScale
        self.tokensSinceFired = tokensSinceFired
        self.sourcePosition = sourcePosition
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

    /// One optimiser step on `batch` (unscaled rows; left as they were).
    public func train(on batch: Matrix) {
        let x = Matrix(rows: batch.rows, cols: batch.cols)
        let scale = inputScale
        Parallel.forEach(batch.rows) { r in
            for i in 0..<batch.cols { x.base[r * batch.cols + i] = batch.base[r * batch.cols + i] * scale }
        }
        let dead = tokensSinceFired.map { $0 >= config.deadAfterTokens }
        let statistics = SAEBackprop.run(parameters, x: x, objective: config.objective, dead: dead, gradients: gradients,
                                         buffers: buffers)
        optimizer.step(parameters: parameters.tensors.map(\.matrix), gradients: gradients.tensors,
                       learningRate: learningRate(at: step))
        if case .topK = config.objective { parameters.normalizeDecoderRows() }
        for j in 0..<config.dSAE { tokensSinceFired[j] = statistics.fired[j] ? 0 : tokensSinceFired[j] + batch.rows }
        step += 1
        let smoothing = 0.9
        if let previous = averages {
            averages = (smoothing * previous.loss + (1 - smoothing) * statistics.loss,
                        smoothing * previous.normalizedMSE + (1 - smoothing) * statistics.normalizedMSE,
                        smoothing * previous.l0 + (1 - smoothing) * statistics.l0)
        } else {
            averages = (statistics.loss, statistics.normalizedMSE, statistics.l0)
        }
    }

    /// Writes the whole state to the checkpoint file, with the batch source standing at `sourcePosition`.
    public func saveCheckpoint(sourcePosition: Int = 0) throws {
        self.sourcePosition = sourcePosition
        try TrainingCheckpoint.save(self, to: checkpointPath)
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
