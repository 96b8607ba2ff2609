import ArgumentParser
import Foundation
import SAEKit

/// `saescope harvest`: the residual stream at one hook point over the corpus, as float16 shards.
struct HarvestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "harvest",
        abstract: "Run the model over the corpus and store one hook point's activations as float16 shards.",
        discussion: "Resumable: rerun the same command and it continues from the first missing shard.")

    @OptionGroup var modelOption: ModelOption

    @Option(help: "Corpus file (train.jsonl from `saescope corpus build`).")
    var corpus = Paths.cache("corpus") + "/train.jsonl"

    @Option(help: "Hook point, e.g. blocks.14.hook_resid_post.")
    var hook = "blocks.14.hook_resid_post"

    @Option(help: "Output folder for the shards.")
    var out = Paths.cache("activations/blocks.14.hook_resid_post")

    @Option(help: "Tokens to store.")
    var tokens = 4_000_000

    @Option(help: "Tokens per context.")
    var context = 128

    @Option(help: "Contexts run together in one forward pass.")
    var contextsPerPass = 4

    func validate() throws {
        guard tokens > 0 else { throw ValidationError("--tokens must be positive") }
        guard (1...64).contains(contextsPerPass) else { throw ValidationError("--contexts-per-pass must be 1 to 64") }
    }

    func run() throws {
        let model = try modelOption.load()
        let hookPoint = try HookPoint(name: hook, layerCount: model.config.layerCount)
        let documents = try CorpusFile(path: corpus).documents
        var settings = ActivationHarvester.Settings(hook: hookPoint, tokenLimit: tokens)
        settings.contextLength = context
        settings.contextsPerPass = contextsPerPass
        let harvester = try ActivationHarvester(model: model, documents: documents, settings: settings)
        FileHandle.standardError.write(Data("harvest: \(harvester.storedTokenCount) tokens in \(harvester.shardCount) shards → \(out)\n".utf8))
        if harvester.storedTokenCount < tokens {
            FileHandle.standardError.write(Data("harvest: the corpus holds only \(harvester.storedTokenCount) tokens\n".utf8))
        }
        let line = ProgressLine()
        let interrupt = InterruptFlag()
        try harvester.run(directory: out, metadata: ["model": model.fileName], progress: { p in
            line.update(String(format: "%@ shard %d/%d  %.0f tok/s  left %@", ProgressLine.bar(Double(p.shardsDone) / Double(p.shardCount)),
                               p.shardsDone, p.shardCount, p.tokensPerSecond, ProgressLine.duration(p.secondsLeft)),
                        force: p.shardsDone == p.shardCount, interval: 30)
        }, shouldStop: { interrupt.isSet })
        line.finish()
        if interrupt.isSet { throw ExitCode(130) }
        print("harvest complete: \(out)")
    }
}
