import ArgumentParser
import Foundation
import SAEKit

/// `saescope bench model`: prefill and decode speed of the language model, with peak memory and thread count.
struct BenchModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Measure prefill (256 tokens) and decode (64 tokens) speed; with --batched, 64 lanes decoded together; with --dict, also decode with the dictionary spliced in.")

    @OptionGroup var modelOption: ModelOption
    @Option(help: "Threads for the quantized kernels.") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Repetitions; the median is reported.") var repeats = 3
    @Option(help: "A dictionary to splice in at its hook point for a steered decode (feature 0 clamped, the error term kept), timed beside the plain one.")
    var dict: String?
    @Flag(help: "Also time 64 lanes decoded together, as corpus generate runs (their prefill adds about half a minute).") var batched = false
    @Flag(help: "Also time each stage of the forward pass (prefill and decode), the sampler and the thread hand-off.") var profile = false

    func run() throws {
        guard threads >= 1, repeats >= 1 else { throw InputError("--threads/--repeats", "must be ≥ 1") }
        let dictionary = try dict.map { try DictionaryLoader.load($0) }
        let loadStart = Date()
        let opened = try dictionary.map { try Workbench.requiredModel(for: $0, at: dict ?? "", named: modelOption.model) }
        let model = try opened?.model ?? modelOption.load(), site = opened?.site
        let loadTime = Date().timeIntervalSince(loadStart)
        let text = String(repeating: "The quick brown fox jumps over the lazy dog while the cat watches. ", count: 40)
        let prompt = Array(model.tokenizer.startingSequence(model.tokenizer.encode(text)).prefix(256))
        var prefill: [Double] = [], decode: [Double] = [], decodeCPU: [Double] = [], floatDecode: [Double] = []
        var steered: [Double] = [], toHook: [Double] = []
        let generation = Arithmetic.generation()
        /// Decodes 64 greedy tokens after `logits` in `arithmetic`; tokens per second.
        func decoded(_ session: ModelSession, after start: Matrix, in arithmetic: Arithmetic) throws -> Double {
            var logits = start
            session.arithmetic = arithmetic
            let began = Date()
            for _ in 0..<64 {
                let next = Sampler.argmax(UnsafeBufferPointer(logits.row(0)))
                logits = try session.forward([next], logits: .last)
            }
            return 64 / Date().timeIntervalSince(began)
        }
        for _ in 0..<repeats {
            let session = ModelSession(model: model, threads: threads, cache: generation.cachePrecision)
            let start = Date()
            let logits = try session.forward(prompt, logits: .last)
            prefill.append(Double(prompt.count) / Date().timeIntervalSince(start))
            let cpuStart = processCPUSeconds()
            decode.append(try decoded(session, after: logits, in: generation))
            decodeCPU.append((processCPUSeconds() - cpuStart) / 64 * 1000)
            if generation != .float {
                let exact = ModelSession(model: model, threads: threads)
                floatDecode.append(try decoded(exact, after: try exact.forward(prompt, logits: .last), in: .float))
            }
            // The same decode with the dictionary spliced in from the first generated token, as the steering pane runs it;
            // and prefill only as deep as the hook point, in 128-token contexts, as harvest and index build run it.
            if let dictionary, let site {
                let shallow = ModelSession(model: model, threads: threads)
                let began = Date()
                for start in stride(from: 0, to: prompt.count, by: 128) {
                    _ = try shallow.residuals(of: Array(prompt[start..<min(prompt.count, start + 128)]), at: site.read)
                }
                toHook.append(Double(prompt.count) / Date().timeIntervalSince(began))
                let spliced = ModelSession(model: model, threads: threads, cache: generation.cachePrecision)
                let first = try spliced.forward(prompt, logits: .last)
                let edit = FeatureEdit(feature: 0, operation: .clamp(1), span: .generated)
                try DictionarySplice(dictionary: dictionary, edits: [edit], promptLength: prompt.count, maxActivation: { _ in nil })
                    .install(in: spliced, at: site)
                steered.append(try decoded(spliced, after: first, in: generation))
            }
        }
        let batchedSpeeds = try (batched ? 0..<repeats : 0..<0).map { _ in try batchedDecode(model: model, prompt: prompt, profile: nil) }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        print(String(format: "load: %.0f ms (the model and its tokenizer opened)", loadTime * 1000))
        print(String(format: "prefill: %.1f tokens/s (%d tokens)", median(prefill), prompt.count))
        print(String(format: "decode:  %.1f tokens/s (64 tokens in %@, as generation runs; %.1f ms CPU time per token, all threads)",
                     median(decode), generation.description, median(decodeCPU)))
        if !floatDecode.isEmpty {
            print(String(format: "decode in float activations (--exact): %.1f tokens/s (median ratio of 8-bit to float %.2f)", median(floatDecode),
                         median(zip(decode, floatDecode).map { $0 / $1 })))
        }
        if batched {
            print(String(format: "batched decode: %.1f tokens/s (%d lanes at positions %d-%d, as corpus generate runs)", median(batchedSpeeds),
                         Self.lanes, Self.batchedStart, Self.batchedStart + Self.batchedSteps))
        }
        if !toHook.isEmpty {
            print(String(format: "prefill to the hook: %.1f tokens/s (128-token contexts, stopping after layer %d, as harvest and index build run)",
                         median(toHook), site?.read.layer ?? 0))
        }
        if !steered.isEmpty {
            // The ratio of each repetition's pair, so that both halves saw the same machine.
            let ratios = zip(steered, decode).map { $0 / $1 }
            print(String(format: "steered decode: %.1f tokens/s (%@ spliced in at %@; median ratio to plain %.2f)", median(steered),
                         URL(fileURLWithPath: dict ?? "").lastPathComponent, site.map { "\($0)" } ?? "", median(ratios)))
        }
        if profile { try printProfile(model: model, prompt: prompt) }
        print(String(format: "peak RSS: %.1f MB", Double(peakResidentKilobytes()) / 1024))
        print("threads: \(threads) (BLAS: \(BLAS.threadCount)); kernels: \(KernelPath.best)")
    }

    /// Where prefill's and decode's time goes, stage by stage, measured on one more run of each; then the sampler's
    /// argmax over the vocabulary and one hand-off to the worker threads, which a decoded token makes once per
    /// projection group.
    private func printProfile(model: LanguageModel, prompt: [Int]) throws {
        let session = ModelSession(model: model, threads: threads, cache: Arithmetic.generation().cachePrecision)
        let prefill = ForwardProfile(), decode = ForwardProfile()
        session.profile = prefill
        var logits = try session.forward(prompt, logits: .last)
        session.profile = decode
        session.arithmetic = .generation()
        var samplerSeconds = 0.0
        let tokens = 64
        let began = Date()
        for _ in 0..<tokens {
            var next = 0
            samplerSeconds += Stopwatch.seconds { next = Sampler.argmax(UnsafeBufferPointer(logits.row(0))) }
            logits = try session.forward([next], logits: .last)
        }
        let decodeWall = Date().timeIntervalSince(began)
        let batchedProfile = ForwardProfile()
        if batched { _ = try batchedDecode(model: model, prompt: prompt, profile: batchedProfile) }
        let batchedTokens = Double(Self.lanes * Self.batchedSteps)
        print("profile (one more run; each stage's share of the time inside the forward pass; decode in \(session.arithmetic)):")
        func row(_ name: String, _ prefillColumn: String, _ decodeColumn: String, _ batchedColumn: String) {
            print("  " + name.padding(toLength: 30, withPad: " ", startingAt: 0) + prefillColumn.leftPadded(to: 16)
                  + decodeColumn.leftPadded(to: 20) + batchedColumn.leftPadded(to: 24))
        }
        row("stage", "prefill ms", "decode ms/token", batched ? "batched ms/token" : "")
        for stage in ForwardProfile.Stage.allCases {
            let p = prefill.seconds[stage] ?? 0, d = decode.seconds[stage] ?? 0, b = batchedProfile.seconds[stage] ?? 0
            row(stage.rawValue, String(format: "%.1f %3.0f%%", p * 1000, 100 * p / max(prefill.total, 1e-12)),
                String(format: "%.3f %3.0f%%", d * 1000 / Double(tokens), 100 * d / max(decode.total, 1e-12)),
                batched ? String(format: "%.3f %3.0f%%", b * 1000 / batchedTokens, 100 * b / max(batchedProfile.total, 1e-12)) : "")
        }
        row("sampler (argmax)", "", String(format: "%.3f     ", samplerSeconds * 1000 / Double(tokens)), "")
        row("untimed (residual adds, calls)", "", String(format: "%.3f     ", (decodeWall - decode.total - samplerSeconds) * 1000 / Double(tokens)), "")
        let handOffs = 1000
        let handOff = Stopwatch.median(runs: 5) { for _ in 0..<handOffs { WorkerPool.shared.run(parts: threads) { _ in } } } / Double(handOffs)
        // Per block: q/k/v, attention, the attention output, the MLP's (gate and) up, down; then the output head.
        let perToken = model.config.layerCount * 5 + 1
        print(String(format: "  thread hand-off: %.1f µs each, %d per decoded token (%.3f ms)", handOff * 1e6, perToken,
                     handOff * Double(perToken) * 1000))
    }

    static let lanes = 64, batchedStart = 192, batchedSteps = 16

    /// Tokens per second of `batchedSteps` greedy steps of `lanes` lanes decoded together, each lane first prefilled
    /// with `batchedStart` tokens of the prompt (from a different offset, so the lanes differ).
    private func batchedDecode(model: LanguageModel, prompt: [Int], profile: ForwardProfile?) throws -> Double {
        let session = ModelSession(model: model, threads: threads, lanes: Self.lanes)
        var next: [Int] = []
        for lane in 0..<Self.lanes {
            let offset = lane % (prompt.count - Self.batchedStart)
            let logits = try session.forward(batch: [.init(lane: lane, tokens: Array(prompt[offset..<(offset + Self.batchedStart)]))])
            next.append(Sampler.argmax(UnsafeBufferPointer(logits.row(0))))
        }
        session.profile = profile
        let began = Date()
        for _ in 0..<Self.batchedSteps {
            let logits = try session.forward(batch: (0..<Self.lanes).map { .init(lane: $0, tokens: [next[$0]]) })
            next = (0..<Self.lanes).map { Sampler.argmax(UnsafeBufferPointer(logits.row($0))) }
        }
        return Double(Self.lanes * Self.batchedSteps) / Date().timeIntervalSince(began)
    }

    /// CPU time of the whole process so far, in seconds.
    private func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// VmHWM from /proc/self/status, in kilobytes (0 when unavailable).
    private func peakResidentKilobytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        }
        return 0
    }
}

extension String {
    /// The string with spaces before it up to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
