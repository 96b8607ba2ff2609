import ArgumentParser
import Foundation
import SAEKit

/// `saescope train`: trains one or more dictionaries on harvested activation shards, or on activations the model
/// computes as training goes.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train dictionaries (TopK with an auxiliary dead-latent loss, or ReLU with L1) on activation shards or straight from the model.",
        discussion: """
            Give --shards (folders `saescope harvest` wrote) or --corpus (text the model runs over as training goes, \
            through a mixing buffer, nothing stored). Repeat --out to train several dictionaries on the same batches: \
            --features, --k, --seed, --learning-rate and --checkpoint take one value for all or one per --out. \
            Resumable: progress is checkpointed to --checkpoint (default: OUT.checkpoint); rerun the same command to \
            continue (from the shards, exactly; from a corpus, at the next context, leaving out the rows the mixing \
            buffer held). Each dictionary carries its firing statistics (density, maximum and mean of each feature) on up \
            to 262,144 training activations, so that the explorer shows them and steers by multiples of a feature's \
            maximum before `saescope index build` measures them on held-out text (whose figures then take their place).
            """)

    @Option(help: "Folder of activation shards written by `saescope harvest`; repeat to train on several harvests together.")
    var shards: [String] = []

    @Option(help: "Corpus file (.jsonl from `saescope corpus build`) the model runs over as training goes; repeat to mix several.")
    var corpus: [String] = []

    @Option(help: "Weight of each --corpus, in order (2 repeats each document twice, 0.5 keeps half; default 1).")
    var weight: [Double] = []

    @OptionGroup var modelOption: ModelOption

    @Option(help: "Hook point to train on, with --corpus.")
    var hook = "blocks.14.hook_resid_post"

    @Option(help: "Tokens per context, with --corpus (the first position of each is left out).")
    var context = 128

    @Option(help: "Contexts run together in one forward pass, with --corpus.")
    var contextsPerPass = 4

    @Option(help: "Contexts the mixing buffer holds, with --corpus (127 rows each at 128 tokens).")
    var bufferContexts = 1024

    @Option(help: "Where to write a dictionary (a saescope .safetensors file); repeat to train several together.")
    var out: [String]

    @Option(help: "Number of features.")
    var features: [Int] = [16_384]

    @Option(help: "topk or relu-l1.")
    var objective = ObjectiveName.topk

    @Option(help: "Active features per token (topk).")
    var k: [Int] = [32]

    @Option(help: "Dead latents used by the auxiliary loss per token (topk).")
    var auxK = 256

    @Option(help: "L1 coefficient (relu-l1).")
    var l1 = 5.0

    @Option(help: "Training tokens (default: one pass over the shards or the weighted corpus).")
    var tokens: Int?

    @Option(help: "Passes over the shards, instead of --tokens (1.5 is one and a half); from a corpus, at most 1 (each row is drawn once: weight the corpus to repeat it).")
    var passes: Double?

    @Option(help: "Rows per optimiser step.")
    var batchSize = 4096

    @Option(help: "Adam learning rate (default: 2e-4 · sqrt(16384 / features)).")
    var learningRate: [Double] = []

    @Option(help: "Random seed (initialisation; the first also orders the shards' rows and the buffer's draws).")
    var seed: [UInt64] = [0]

    @Option(help: "Checkpoint file (default: OUT.checkpoint).")
    var checkpoint: [String] = []

    @Flag(help: "Store the weights as float16 (half the size).")
    var float16 = false

    func validate() throws {
        guard shards.isEmpty != corpus.isEmpty else { throw ValidationError("give --shards or --corpus (not both)") }
        guard weight.isEmpty || weight.count == corpus.count else { throw ValidationError("give one --weight per --corpus, or none") }
        guard weight.allSatisfy({ $0 >= 0 && $0.isFinite }), weight.isEmpty || weight.contains(where: { $0 > 0 }) else {
            throw ValidationError("--weight must be finite and not negative, and one must be positive")
        }
        guard !out.isEmpty else { throw ValidationError("give at least one --out") }
        guard Set(out).count == out.count else { throw ValidationError("each --out must name a different file") }
        for (name, count) in [("--features", features.count), ("--k", k.count), ("--seed", seed.count),
                              ("--learning-rate", learningRate.count), ("--checkpoint", checkpoint.count)]
            where count > 1 && count != out.count {
            throw ValidationError("give one \(name) for all dictionaries or one per --out (\(out.count))")
        }
        guard tokens == nil || passes == nil else { throw ValidationError("give --tokens or --passes, not both") }
        guard (tokens ?? 1) > 0, (passes ?? 1) > 0 else { throw ValidationError("--tokens and --passes must be positive") }
        guard corpus.isEmpty || (passes ?? 1) <= 1 else {
            throw ValidationError("--passes above 1 needs --shards: from a corpus each row is drawn once (repeat it with --weight)")
        }
        guard features.allSatisfy({ $0 > 0 }), batchSize > 0, auxK >= 0,
              out.indices.allSatisfy({ value(k, $0) > 0 && value(k, $0) <= value(features, $0) }) else {
            throw ValidationError("--features, --k and --batch-size must be positive, with k ≤ features")
        }
        guard learningRate.allSatisfy({ $0 > 0 && $0.isFinite }) else { throw ValidationError("--learning-rate must be positive") }
        guard (2...8192).contains(context), (1...64).contains(contextsPerPass), (2...65_536).contains(bufferContexts) else {
            throw ValidationError("--context must be 2 to 8192, --contexts-per-pass 1 to 64 and --buffer-contexts 2 to 65536")
        }
    }

    /// The `index`th dictionary's value of a per-dictionary option given once or once per --out.
    private func value<T>(_ values: [T], _ index: Int) -> T { values.count == 1 ? values[0] : values[index] }

    func run() throws {
        let (batches, rowCount) = try openBatches()
        let objectives = out.indices.map { index -> TrainingObjective in
            objective == .topk ? .topK(k: value(k, index), auxK: min(auxK, value(features, index)), auxCoefficient: 1.0 / 32)
                : .reluL1(coefficient: Float(l1))
        }
        let totalTokens = tokens ?? Int((passes ?? 1) * Double(rowCount))
        let dictionaries = out.indices.map { index -> (config: TrainingConfig, checkpointPath: String) in
            var config = TrainingConfig(dIn: batches.dIn, dSAE: value(features, index), objective: objectives[index], totalTokens: totalTokens)
            config.batchSize = batchSize
            config.learningRate = Float(learningRate.isEmpty ? 2e-4 * (16_384.0 / Double(config.dSAE)).squareRoot() : value(learningRate, index))
            config.seed = value(seed, index)
            config.deadAfterTokens = min(1_000_000, max(config.totalTokens / 10, batchSize))
            return (config, checkpoint.isEmpty ? out[index] + ".checkpoint" : value(checkpoint, index))
        }
        let run = try TrainingRun(batches: batches, dictionaries: dictionaries)
        if run.step > 0 { FileHandle.standardError.write(Data("resuming at step \(run.step) of \(run.totalSteps)\n".utf8)) }
        let line = ProgressLine()
        let interrupt = InterruptFlag()
        try run.run(progress: { p in
            let figures = p.dictionaries.map {
                String(format: "1-FVE %.4f L0 %.1f dead %.1f%%", $0.normalizedMSE, $0.l0, $0.deadFraction * 100)
            }.joined(separator: " | ")
            line.update(String(format: "%@ step %d/%d  %.0f tok/s  left %@  ", ProgressLine.bar(Double(p.step) / Double(p.totalSteps)),
                               p.step, p.totalSteps, p.tokensPerSecond, ProgressLine.duration(p.secondsLeft)) + figures,
                        force: p.step == p.totalSteps)
        }, shouldStop: { interrupt.isSet })
        line.finish()
        if let stream = batches as? ActivationStream {
            FileHandle.standardError.write(Data(String(format: "train: the model ran %d tokens in %.0f s (%.0f tokens/s)%@\n",
                stream.modelTokens, stream.modelSeconds, Double(stream.modelTokens) / max(stream.modelSeconds, 1e-9),
                stream.skippedRowCount > 0 ? "; \(stream.skippedRowCount) rows with values that are not finite left out" : "").utf8))
        }
        guard run.isFinished else {
            if interrupt.isSet {
                FileHandle.standardError.write(Data("stopped at step \(run.step); rerun the same command to continue\n".utf8))
                throw ExitCode(130)
            }
            throw InputError(corpus.first ?? shards[0], "ran out of rows at step \(run.step) of \(run.totalSteps); ask for fewer --tokens")
        }
        try write(run)
    }

    /// The batch source and the rows in one pass over it.
    private func openBatches() throws -> (TrainingBatches, Int) {
        if !shards.isEmpty {
            let data = try ActivationShardSet(directories: shards)
            if data.skippedRowCount > 0 {
                FileHandle.standardError.write(Data("train: left out \(data.skippedRowCount) of \(data.rowCount + data.skippedRowCount) rows holding values beyond float16's range (harvested before such rows were stored in float32)\n".utf8))
            }
            guard data.rowCount >= batchSize else {
                throw InputError("--shards", "holds \(data.rowCount) rows, fewer than one batch of \(batchSize)")
            }
            return (ShardBatches(data: data, seed: seed[0]), data.rowCount)
        }
        let model = try modelOption.load()
        let hookPoint = try HookPoint(name: hook, layerCount: model.config.layerCount)
        let corpora = try corpus.enumerated().map { (index, path) in
            (documents: try CorpusFile(path: path).documents, weight: weight.isEmpty ? 1 : weight[index])
        }
        let stored = context - 1
        // Enough contexts for the tokens asked for, and a batch to spare for rows left out; else the whole mix.
        let wanted = tokens.map { ($0 + batchSize + stored - 1) / stored } ?? Int.max
        let contexts = TokenContexts.make(CorpusMix.documents(corpora), tokenizer: model.tokenizer, length: context, limit: wanted)
        let available = contexts.count * stored
        if let tokens, available < tokens {
            throw InputError(corpus[0], "the corpus holds \(available) tokens in \(context)-token contexts, fewer than the \(tokens) asked for")
        }
        var settings = ActivationStream.Settings(hook: hookPoint)
        settings.contextsPerPass = contextsPerPass
        settings.bufferContexts = bufferContexts
        settings.seed = seed[0]
        let stream = try ActivationStream(model: model, contexts: contexts, settings: settings)
        FileHandle.standardError.write(Data("train: \(contexts.count) contexts of \(context) tokens (\(available) training rows) at \(hookPoint)\n".utf8))
        return (stream, available)
    }

    /// Writes each finished dictionary with its firing statistics.
    private func write(_ run: TrainingRun) throws {
        let type: ElementType = float16 ? .f16 : .f32
        var written: [SparseDictionary] = []
        for (index, trainer) in run.trainers.enumerated() {
            try NativeDictionaryFormat.write(trainer.dictionary(hookName: run.batches.hookName, modelName: run.batches.modelName),
                                             to: out[index], type: type)
            // Measured on the weights as written (float16 moves a few features across the top-k boundary).
            written.append(try DictionaryLoader.open(out[index]).load())
        }
        let measuring = ProgressLine()
        let statistics = run.firingStatistics(of: written) { done, total in
            measuring.update("\(ProgressLine.bar(Double(done) / Double(total))) firing statistics on \(done)/\(total) training activations",
                             force: done == total)
        }
        measuring.finish()
        for (index, dictionary) in written.enumerated() {
            try NativeDictionaryFormat.write(dictionary, statistics: statistics[index], to: out[index], type: type)
            print("wrote \(out[index]): \(dictionary.featureCount) features, dead \(String(format: "%.2f", run.trainers[index].deadFraction * 100))% at the end of training; "
                  + "on \(statistics[index].source ?? "the sample") " + String(format: "%.2f%%", (statistics[index].deadFraction ?? 0) * 100) + " never fire")
        }
        print("open one: saescope tui --dict \(out[0]); labels and examples: saescope index build --dict \(out.joined(separator: " --dict "))")
    }
}
