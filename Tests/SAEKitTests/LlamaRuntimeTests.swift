import Foundation
import Testing
import SAEKit

/// The runtime on a synthetic GGUF written by the tests: the paths agree with each other and hooks behave.
@Suite struct LlamaRuntimeTests {
    let model: LanguageModel
    let prompt = [5, 40, 77, 200, 3, 150, 9, 260, 261, 33, 12, 90]

    init() throws { model = try LanguageModel(path: try SyntheticModel.write()) }

    func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
    }

    @Test func readsTheConfig() {
        let c = model.config
        #expect(c.layerCount == 2 && c.modelDim == 64 && c.ffnDim == 256 && c.headCount == 4 && c.kvHeadCount == 2)
        #expect(c.headDim == 16 && c.ropeDim == 16 && c.contextLength == 96 && c.vocabularySize == SyntheticModel.tokens.count)
    }

    /// The decode path (quantized-block kernels, one token at a time) against the prefill path (dequantize + BLAS).
    @Test func tokenByTokenMatchesPrefill() throws {
        let batch = ModelSession(model: model)
        let all = try batch.forward(prompt, logits: .all)
        #expect(all.rows == prompt.count && all.cols == model.config.vocabularySize)
        let single = ModelSession(model: model, threads: 2)
        for (i, token) in prompt.enumerated() {
            let row = try single.forward([token], logits: .last)
            #expect(maxDifference(row.toArray(), Array(all.row(i))) < 1e-3, "position \(i)")
        }
        #expect(single.position == prompt.count)
    }

    /// Past 64 positions decode attention splits its heads across threads; it still agrees with prefill.
    @Test func longContextDecodeMatchesPrefill() throws {
        let long = (0..<80).map { ($0 * 37 + 11) % model.config.vocabularySize }
        let all = try ModelSession(model: model).forward(long, logits: .all)
        let session = ModelSession(model: model, threads: 2)
        try session.prefill(Array(long[..<70]))
        for i in 70..<80 {
            let row = try session.forward([long[i]], logits: .last)
            #expect(maxDifference(row.toArray(), Array(all.row(i))) < 1e-3, "position \(i)")
        }
    }

    /// A half-precision cache (generation's): one call is exactly the float one (it reads its own positions from its
    /// float buffers, as hooks on a prompt need), with hooks seeing the same residuals; later calls, which read earlier
    /// positions rounded to halves, stay close to the float cache's, in chunks and token by token past 64 positions
    /// (the heads split across threads), and a session continued from a half one goes on as the first.
    @Test func halfCacheIsExactWithinACallAndCloseAfter() throws {
        let long = (0..<80).map { ($0 * 37 + 11) % model.config.vocabularySize }
        let float = ModelSession(model: model, threads: 2), half = ModelSession(model: model, threads: 2, cache: .half)
        var seen: [[Float]] = []
        for session in [float, half] {
            session.addHook(at: HookPoint(layer: 1, kind: .residPost)) { residual, _ in seen.append(residual.toArray()) }
        }
        #expect(try float.forward(Array(long[..<60]), logits: .all).toArray() == half.forward(Array(long[..<60]), logits: .all).toArray())
        #expect(seen[0] == seen[1])
        float.removeAllHooks()
        half.removeAllHooks()
        let chunk = try half.forward(Array(long[60..<70]), logits: .all), floatChunk = try float.forward(Array(long[60..<70]), logits: .all)
        // Halves keep 11 significant bits: logits moved by at most 1.7·10⁻³ of their size here (2026-12-07).
        let size = floatChunk.toArray().map(abs).max()!
        #expect(maxDifference(chunk.toArray(), floatChunk.toArray()) < 5e-3 * size)
        #expect(chunk.toArray() != floatChunk.toArray())
        let continued = ModelSession(model: model, threads: 2, cache: .half)
        continued.continueFrom(half)
        for i in 70..<80 {
            let a = try half.forward([long[i]], logits: .last), b = try float.forward([long[i]], logits: .last)
            let c = try continued.forward([long[i]], logits: .last)
            #expect(maxDifference(a.toArray(), b.toArray()) < 5e-3 * size, "position \(i)")
            #expect(a.toArray() == c.toArray(), "position \(i)")
        }
    }

    @Test func chunkedPrefillMatchesOnePass() throws {
        let whole = try ModelSession(model: model).forward(prompt, logits: .last)
        let session = ModelSession(model: model)
        try session.prefill(Array(prompt[0..<8]))
        let rest = try session.forward(Array(prompt[8...]), logits: .last)
        #expect(maxDifference(rest.toArray(), whole.toArray()) < 1e-3)
        session.reset()
        let again = try session.forward(prompt, logits: .last)
        #expect(again.toArray() == whole.toArray())
    }

    @Test func residualHooksReadAndReplace() throws {
        let session = ModelSession(model: model)
        var post0: [Float] = [], pre1: [Float] = []
        session.addHook(at: HookPoint(layer: 0, kind: .residPost)) { residual, first in
            #expect(first == 0 && residual.rows == prompt.count && residual.cols == 64)
            post0 = residual.toArray()
        }
        session.addHook(at: HookPoint(layer: 1, kind: .residPre)) { residual, _ in pre1 = residual.toArray() }
        let plain = try session.forward(prompt, logits: .last).toArray()
        #expect(!post0.isEmpty && post0 == pre1)

        session.removeAllHooks()
        session.reset()
        let identity = session.addHook(at: HookPoint(layer: 1, kind: .residPre)) { residual, _ in
            for i in 0..<residual.count { residual.base[i] = residual.base[i] * 1 }
        }
        #expect(try session.forward(prompt, logits: .last).toArray() == plain)

        // A second hook at the same point runs after the first instead of replacing it, and its handle removes it alone.
        var order: [String] = []
        session.removeHook(identity)
        session.addHook(at: HookPoint(layer: 1, kind: .residPre)) { residual, _ in
            order.append("add")
            for i in 0..<residual.count { residual.base[i] += 3 }
        }
        let reader = session.addHook(at: HookPoint(layer: 1, kind: .residPre)) { residual, _ in
            order.append("read")
            #expect(zip(residual.toArray(), pre1).allSatisfy { abs($0 - $1 - 3) < 1e-5 })   // sees the first one's edit
        }
        session.reset()
        let steered = try session.forward(prompt, logits: .last).toArray()
        #expect(order == ["add", "read"])
        #expect(maxDifference(steered, plain) > 1e-2)
        session.removeHook(reader)
        session.reset()
        #expect(try session.forward(prompt, logits: .last).toArray() == steered)
        #expect(order == ["add", "read", "add"])
    }

    @Test func residualsStopAtTheHookAndLeaveNothingHalfAdvanced() throws {
        let session = ModelSession(model: model)
        let point = HookPoint(layer: 0, kind: .residPost)
        var full: [Float] = []
        let fullReader = session.addHook(at: point) { residual, _ in full = residual.toArray() }
        _ = try session.forward(prompt, logits: .last)
        session.removeHook(fullReader)
        var calls = 0, laterCalls = 0
        session.addHook(at: point) { _, _ in calls += 1 }
        session.addHook(at: HookPoint(layer: 1, kind: .residPost)) { _, _ in laterCalls += 1 }
        let residuals = try session.residuals(of: prompt, at: point)
        #expect(laterCalls == 0)                                                 // the blocks after the hook did not run
        #expect(calls == 1)                                                      // the session's own hook still runs there
        #expect(residuals.rows == prompt.count && residuals.toArray() == full)
        #expect(session.position == 0)                                           // nothing half-advanced is left
        #expect(try session.residuals(of: [], at: point).rows == 0)
        // The session goes on as a fresh one: the same logits as a new session's.
        #expect(try session.forward(prompt, logits: .last).toArray() == ModelSession(model: model).forward(prompt, logits: .last).toArray())
        #expect(calls == 2)
    }

    /// Running part of the model caches other tokens beyond the position without moving it: the next call writes
    /// over them, and the sequence goes on as if they had never run.
    @Test func runningPartiallyLeavesThePositionsWhereTheyWere() throws {
        let session = ModelSession(model: model)
        try session.prefill(Array(prompt[..<8]))
        try session.runPartially(batch: [.init(lane: 0, tokens: [1, 2, 3, 4])], through: 0)
        #expect(session.position == 8)
        let rest = try session.forward(Array(prompt[8...]), logits: .last).toArray()
        let chunked = ModelSession(model: model)
        try chunked.prefill(Array(prompt[..<8]))
        #expect(try rest == chunked.forward(Array(prompt[8...]), logits: .last).toArray())
    }

    @Test func aTokenStreamDecodesGreedilyAsAPlainLoopDoes() throws {
        // The plain loop: forward, take the argmax, feed it back (the synthetic vocabulary has no stop token in reach).
        let plain = ModelSession(model: model)
        var logits = try plain.forward(prompt, logits: .last)
        var expected: [Int] = []
        for _ in 0..<10 {
            let id = Sampler.argmax(UnsafeBufferPointer(logits.row(0)))
            if Generator.stopTokens(for: model.tokenizer).contains(id) { break }
            expected.append(id)
            logits = try plain.forward([id], logits: .last)
        }
        var stream = try TokenStream(session: ModelSession(model: model), prompt: prompt, maxTokens: 10, sampler: try Sampler())
        var streamed: [Int] = []
        while let id = try stream.next() { streamed.append(id) }
        #expect(streamed == expected && stream.generated == expected && !expected.isEmpty)
        #expect(try stream.next() == nil)       // an ended stream stays ended
    }

    @Test func aStreamContinuedInAnotherSessionGoesOnAsTheFirst() throws {
        let sampler = try Sampler(temperature: 0.9, seed: 11)
        let first = ModelSession(model: model)
        var original = try TokenStream(session: first, prompt: prompt, maxTokens: 12, sampler: sampler)
        let second = ModelSession(model: model)
        second.continueFrom(first)
        #expect(second.position == prompt.count)
        var copy = original.continued(in: second)
        var a: [Int] = [], b: [Int] = []
        while let id = try original.next() { a.append(id) }
        while let id = try copy.next() { b.append(id) }
        #expect(!a.isEmpty && a == b)
        let alone = try Generator.run(session: ModelSession(model: model), prompt: prompt, maxTokens: 12, sampler: sampler)
        #expect(a == alone)
    }

    @Test func generationRepeatsForASeed() throws {
        func run(_ seed: UInt64, temperature: Float) throws -> [Int] {
            try Generator.run(session: ModelSession(model: model), prompt: prompt, maxTokens: 12,
                              sampler: try Sampler(temperature: temperature, topK: 40, topP: 0.95, seed: seed))
        }
        #expect(try run(1, temperature: 0.9) == run(1, temperature: 0.9))
        let greedy = try run(1, temperature: 0)
        let logits = try ModelSession(model: model).forward(prompt, logits: .last)
        if let first = greedy.first { #expect(first == Sampler.argmax(UnsafeBufferPointer(logits.row(0)))) }
        #expect(greedy.allSatisfy { ![0, 2].contains($0) })
    }

    @Test func promptLongerThanTheContextIsAnInputError() throws {
        let session = ModelSession(model: model)
        #expect(throws: InputError.self) { try session.forward([Int](repeating: 5, count: 97)) }
        #expect(throws: InputError.self) { try session.forward([model.config.vocabularySize]) }
        #expect(session.position == 0)
    }

    /// A profiled session computes the same logits and times the stages it ran (hooks only where one is set).
    @Test func profilingChangesNothingAndTimesEachStage() throws {
        let plain = try ModelSession(model: model).forward(prompt, logits: .all).toArray()
        let session = ModelSession(model: model)
        let profile = ForwardProfile()
        session.profile = profile
        #expect(try session.forward(prompt, logits: .all).toArray() == plain)
        for stage in [ForwardProfile.Stage.embedding, .norms, .attentionInputs, .attention, .attentionOutput, .mlp, .outputHead] {
            #expect((profile.seconds[stage] ?? 0) > 0, "\(stage.rawValue)")
        }
        #expect(profile.seconds[.hooks] == nil)
        session.addHook(at: HookPoint(layer: 0, kind: .residPost)) { _, _ in }
        _ = try session.forward([3], logits: .last)
        #expect(profile.seconds[.hooks] != nil)
    }

    @Test func hookNamesAreChecked() throws {
        #expect(try HookPoint(name: "blocks.1.hook_resid_post", layerCount: 2) == HookPoint(layer: 1, kind: .residPost))
        #expect(throws: InputError.self) { try HookPoint(name: "blocks.2.hook_resid_pre", layerCount: 2) }
        #expect(throws: InputError.self) { try HookPoint(name: "blocks.x.hook_resid_pre", layerCount: 2) }
        #expect(try HookPoint(name: "blocks.0.attn.hook_z", layerCount: 2) == HookPoint(layer: 0, kind: .attentionZ))
        #expect(throws: InputError.self) { try HookPoint(name: "blocks.0.attn.hook_q", layerCount: 2) }
        #expect(throws: InputError.self) { try HookPoint(name: "blocks.0.hook_z", layerCount: 2) }
    }

    @Test func badFilesAreInputErrors() throws {
        #expect(throws: InputError.self) { try LanguageModel(path: try SyntheticModel.write(architecture: "mamba")) }
        // A gpt2 file needs GPT-2's learned positions, which a Llama file lacks.
        #expect(throws: InputError.self) { try LanguageModel(path: try SyntheticModel.write(architecture: "gpt2")) }
        // A gemma3 file needs gemma3.* keys and Gemma's extra norms, not a Llama file's.
        #expect(throws: InputError.self) { try LanguageModel(path: try SyntheticModel.write(architecture: "gemma3")) }
        #expect(throws: InputError.self) {
            try LanguageModel(path: try SyntheticModel.write { $0.tensors.removeAll { $0.name == "blk.1.ffn_up.weight" } })
        }
        let good = try Data(contentsOf: URL(fileURLWithPath: try SyntheticModel.write()))
        for bytes in [good.prefix(good.count - 100), good.prefix(200), Data("GGUX".utf8) + good.dropFirst(4)] {
            let path = testScratchDirectory + "/bad-\(UUID().uuidString).gguf"
            try bytes.write(to: URL(fileURLWithPath: path))
            #expect(throws: InputError.self) { try LanguageModel(path: path) }
        }
    }
}
