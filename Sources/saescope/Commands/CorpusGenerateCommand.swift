import ArgumentParser
import Foundation
import SAEKit

/// `saescope corpus generate`: the model writes documents for its own corpus, many at once, cleaned and deduplicated.
struct CorpusGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Have the model write documents for the corpus from prompts.jsonl (batched decoding); resumable.",
        discussion: """
            Each prompt (from `saescope corpus build`) becomes a user turn; LANES of them are decoded together, and a \
            finished one makes room for the next. Each document's sampler is seeded by --seed and its prompt's id. \
            A document is cut at its first repeated sentence and at its last whole sentence, loses lines seen in three \
            earlier documents, and is dropped when short or a duplicate. Writes OUT/train.jsonl, OUT/heldout.jsonl \
            (one prompt in twenty), OUT/dropped.jsonl and OUT/manifest.json; rerun the same command to resume.
            """)

    @OptionGroup var modelOption: ModelOption

    @Option(help: "The prompts file.")
    var prompts = Paths.cache("corpus") + "/prompts.jsonl"

    @Option(help: "Output folder.")
    var out = Paths.cache("corpus") + "/generated"

    @Option(help: "Stop once the kept documents hold this many tokens.")
    var tokens = 3_000_000

    @Option(help: "Sequences decoded together.")
    var lanes = 64

    @Option(help: "Most tokens per document.")
    var maxTokens = 640

    @Option(help: "Sampling temperature.")
    var temperature: Float = 0.8

    @Option(help: "Sample only among the most likely tokens whose probability reaches p.")
    var topP: Float = 0.95

    @Option(help: "Random seed; with the prompt's id it seeds each document.")
    var seed: UInt64 = 1

    func validate() throws {
        guard tokens > 0 else { throw ValidationError("--tokens must be positive") }
        guard (1...1024).contains(lanes) else { throw ValidationError("--lanes must be 1 to 1024") }
        guard maxTokens > 0 else { throw ValidationError("--max-tokens must be positive") }
    }

    func run() throws {
        _ = try Sampler(temperature: temperature, topP: topP)   // checks the sampling options
        let all = try GenerationPrompt.read(path: prompts)
        let model = try modelOption.load()
        let tokenizer = model.tokenizer
        let corpus = try GeneratedCorpus(folder: out)
        let waiting = all.filter { !corpus.finishedIDs.contains($0.id) }
        let byID = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
        let log = { (text: String) in FileHandle.standardError.write(Data("corpus generate: \(text)\n".utf8)) }
        log("\(corpus.keptCount) documents (\(corpus.totalKeptTokens) tokens) kept and \(corpus.droppedCount) dropped so far; \(waiting.count) prompts left → \(out)")
        defer { try? writeManifest(corpus, model: model) }
        guard corpus.totalKeptTokens < tokens else {
            print("corpus generate: already holds \(corpus.totalKeptTokens) tokens (--tokens \(tokens))")
            return
        }

        let jobs = try waiting.lazy.map { prompt in
            BatchedGenerator.Job(id: prompt.id, prompt: try tokenizer.promptIDs(prompt.prompt, chat: true),
                                 sampler: try Sampler(temperature: temperature, topP: topP, seed: documentSeed(prompt.id)))
        }
        let session = ModelSession(model: model, lanes: lanes)
        let generator = BatchedGenerator(session: session, maxTokens: maxTokens)
        let line = ProgressLine(), interrupt = InterruptFlag()
        let started = Date(), keptAtStart = corpus.totalKeptTokens
        var generated = 0
        try generator.run(jobs, onStep: { count in
            generated += count
            let elapsed = Date().timeIntervalSince(started)
            let keptRate = Double(corpus.totalKeptTokens - keptAtStart) / max(elapsed, 1e-9)
            line.update(String(format: "%@ kept %d/%d tokens  %d docs (%d dropped)  %.0f tok/s  left %@",
                               ProgressLine.bar(Double(corpus.totalKeptTokens) / Double(tokens)), corpus.totalKeptTokens, tokens,
                               corpus.keptCount, corpus.droppedCount, Double(generated) / max(elapsed, 1e-9),
                               ProgressLine.duration(Double(tokens - corpus.totalKeptTokens) / keptRate)), interval: 30)
        }, onResult: { result in
            let prompt = byID[result.id]!
            try corpus.add(prompt, text: tokenizer.decode(result.tokens), stopped: result.stopped) { tokenizer.encode($0).count }
            return corpus.totalKeptTokens < tokens && !interrupt.isSet
        })
        line.finish()
        if interrupt.isSet {
            log("stopped; rerun the same command to go on")
            throw ExitCode(130)
        }
        print("corpus generate: \(corpus.keptCount) documents, \(corpus.totalKeptTokens) tokens → \(out)")
    }

    /// The seed of prompt `id`'s sampler: the run's seed and the id side by side (the generator's SplitMix seeding
    /// makes neighbouring seeds unrelated).
    private func documentSeed(_ id: Int) -> UInt64 { seed << 32 ^ UInt64(truncatingIfNeeded: id) }

    /// OUT/manifest.json: the settings, counts and checksums of what the folder holds.
    private func writeManifest(_ corpus: GeneratedCorpus, model: LanguageModel) throws {
        var files: [String: Any] = [:]
        for name in GeneratedCorpus.splits + ["dropped"] {
            var hash = SHA256()
            hash.update(try Data(contentsOf: URL(fileURLWithPath: corpus.path(name))))
            files["\(name).jsonl"] = hash.finalizeHex()
        }
        let manifest: [String: Any] = [
            "model": model.fileName, "prompts": prompts, "seed": seed, "temperature": Double(temperature), "top_p": Double(topP),
            "max_tokens": maxTokens, "lanes": lanes, "documents": corpus.keptCount, "dropped": corpus.droppedCount,
            "tokens": corpus.keptTokens, "sha256": files,
        ]
        let data = try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: out + "/manifest.json"), options: .atomic)
    }
}
