import ArgumentParser
import Foundation
import SAEKit

/// `saescope train`: trains a dictionary on harvested activation shards.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a dictionary (TopK with an auxiliary dead-latent loss, or ReLU with L1) on activation shards.",
        discussion: """
            Resumable: progress is checkpointed to --checkpoint (default: OUT.checkpoint); rerun the same command to continue. \
            The dictionary carries its firing statistics (density, maximum and mean of each feature) on up to 262,144 \
            training activations, so that the explorer shows them and steers by multiples of a feature's maximum before \
            `saescope index build` measures them on held-out text (whose figures then take their place).
            """)

    @Option(help: "Folder of activation shards written by `saescope harvest`; repeat to train on several harvests together.")
    var shards: [String]

    @Option(help: "Where to write the dictionary (a saescope .safetensors file).")
    var out: String

    @Option(help: "Number of features.")
    var features = 16_384

    @Option(help: "topk or relu-l1.")
    var objective = ObjectiveName.topk

    @Option(help: "Active features per token (topk).")
    var k = 32

    @Option(help: "Dead latents used by the auxiliary loss per token (topk).")
    var auxK = 256

    @Option(help: "L1 coefficient (relu-l1).")
    var l1 = 5.0

    @Option(help: "Training tokens (default: one pass over the shards).")
    var tokens: Int?

    @Option(help: "Passes over the shards, instead of --tokens (1.5 is one and a half).")
    var passes: Double?

    @Option(help: "Rows per optimiser step.")
    var batchSize = 4096

    @Option(help: "Adam learning rate (default: 2e-4 · sqrt(16384 / features)).")
    var learningRate: Double?

    @Option(help: "Random seed (initialisation and data order).")
    var seed: UInt64 = 0

    @Option(help: "Checkpoint file (default: OUT.checkpoint).")
    var checkpoint: String?

    @Flag(help: "Store the weights as float16 (half the size).")
    var float16 = false

    func validate() throws {
        guard !shards.isEmpty else { throw ValidationError("give at least one --shards folder") }
        guard tokens == nil || passes == nil else { throw ValidationError("give --tokens or --passes, not both") }
        guard (tokens ?? 1) > 0, (passes ?? 1) > 0 else { throw ValidationError("--tokens and --passes must be positive") }
        guard features > 0, k > 0, k <= features, batchSize > 0, auxK >= 0 else {
            throw ValidationError("--features, --k and --batch-size must be positive, with k ≤ features")
        }
    }

    func run() throws {
        let data = try ActivationShardSet(directories: shards)
        if data.skippedRowCount > 0 {
            FileHandle.standardError.write(Data("train: left out \(data.skippedRowCount) of \(data.rowCount + data.skippedRowCount) rows holding values beyond float16's range (harvested before such rows were stored in float32)\n".utf8))
        }
        let objective: TrainingObjective = self.objective == .topk
            ? .topK(k: k, auxK: min(auxK, features), auxCoefficient: 1.0 / 32) : .reluL1(coefficient: Float(l1))
        var config = TrainingConfig(dIn: data.dIn, dSAE: features, objective: objective, totalTokens: tokens ?? Int((passes ?? 1) * Double(data.rowCount)))
        config.batchSize = batchSize
        config.learningRate = Float(learningRate ?? 2e-4 * (16_384.0 / Double(features)).squareRoot())
        config.seed = seed
        config.deadAfterTokens = min(1_000_000, max(config.totalTokens / 10, batchSize))
        let trainer = try SAETrainer(config: config, data: data, checkpointPath: checkpoint ?? out + ".checkpoint")
        if trainer.step > 0 { FileHandle.standardError.write(Data("resuming at step \(trainer.step) of \(config.totalSteps)\n".utf8)) }
        let line = ProgressLine()
        let interrupt = InterruptFlag()
        try trainer.run(progress: { p in
            line.update(String(format: "%@ step %d/%d  %.0f tok/s  left %@  loss %.4f  1-FVE %.4f  L0 %.1f  dead %.1f%%",
                               ProgressLine.bar(Double(p.step) / Double(p.totalSteps)), p.step, p.totalSteps, p.tokensPerSecond,
                               ProgressLine.duration(p.secondsLeft), p.loss, p.normalizedMSE, p.l0, p.deadFraction * 100),
                        force: p.step == p.totalSteps)
        }, shouldStop: { interrupt.isSet })
        line.finish()
        guard trainer.isFinished else {
            FileHandle.standardError.write(Data("stopped at step \(trainer.step); rerun the same command to continue\n".utf8))
            throw ExitCode(130)
        }
        let metadata = data.metadata
        let type: ElementType = float16 ? .f16 : .f32
        try NativeDictionaryFormat.write(trainer.dictionary(hookName: metadata["hook_name"], modelName: metadata["model"]), to: out, type: type)
        // Measured on the weights as written (float16 moves a few features across the top-k boundary).
        let dictionary = try DictionaryLoader.open(out).load()
        let measuring = ProgressLine()
        let statistics = trainer.firingStatistics(of: dictionary) { done, total in
            measuring.update("\(ProgressLine.bar(Double(done) / Double(total))) firing statistics on \(done)/\(total) training activations",
                             force: done == total)
        }
        measuring.finish()
        try NativeDictionaryFormat.write(dictionary, statistics: statistics, to: out, type: type)
        print("wrote \(out): \(features) features, dead \(String(format: "%.2f", trainer.deadFraction * 100))% at the end of training; "
              + "on \(statistics.source ?? "the sample") " + String(format: "%.2f%%", (statistics.deadFraction ?? 0) * 100) + " never fire")
        print("open it: saescope tui --dict \(out); labels and examples: saescope index build --dict \(out)")
    }
}
