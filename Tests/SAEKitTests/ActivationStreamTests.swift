import Foundation
import Testing
import SAEKit

/// Training straight from the model: every row the model computes is drawn once, mixed across contexts, in an order
/// the seed fixes; dictionaries trained together equal the same dictionaries trained alone.
@Suite struct ActivationStreamTests {
    static let model = try! LanguageModel(path: Fixtures.path("families/llama3/model.gguf"))
    static let hook = try! HookPoint(name: "blocks.1.hook_resid_post", layerCount: 2)

    /// 40 contexts of 32 tokens from varied sentences.
    static func contexts() -> [[Int]] {
        let subjects = ["rivers", "bread", "the moon", "engines", "music", "winter", "markets", "birds", "code", "letters"]
        let documents = (0..<60).map { n in
            CorpusFile.Document(source: "doc\(n)", text: (0..<4).map { k in
                "Note \(n)-\(k): people wrote about \(subjects[(n + k) % 10]) and \(subjects[(n * 3 + k) % 10]), \(n * 7 + k) times."
            }.joined(separator: " "))
        }
        return TokenContexts.make(CorpusMix.documents([(documents, 1)]), tokenizer: model.tokenizer, length: 32, limit: 40)
    }

    static func stream(_ contexts: [[Int]], seed: UInt64 = 5) throws -> ActivationStream {
        var settings = ActivationStream.Settings(hook: hook)
        settings.contextsPerPass = 1
        settings.bufferContexts = 8
        settings.seed = seed
        return try ActivationStream(model: model, contexts: contexts, settings: settings)
    }

    @Test func drawsEveryRowOnceMixedAcrossContexts() throws {
        let contexts = Self.contexts()
        #expect(contexts.count == 40)
        // The rows one context at a time gives (a context's first rows can equal another's: they share a prefix),
        // each with the contexts it came from.
        let session = ModelSession(model: Self.model)
        var left: [[UInt32]: Int] = [:], owners: [[UInt32]: Set<Int>] = [:]
        for (index, context) in contexts.enumerated() {
            let handle = session.addHook(at: Self.hook) { residual, _ in
                for p in 1..<32 {
                    let key = (0..<32).map { residual[p, $0].bitPattern }
                    left[key, default: 0] += 1
                    owners[key, default: []].insert(index)
                }
            }
            try session.runPartially(batch: [ModelSession.Segment(lane: 0, tokens: context)], through: 1)
            session.removeHook(handle)
        }
        #expect(left.values.reduce(0, +) == 40 * 31)

        let stream = try Self.stream(contexts)
        var batches: [Matrix] = []
        while let batch = try stream.next(size: 16) { batches.append(batch) }
        #expect(batches.count == 40 * 31 / 16)
        for batch in batches {
            for r in 0..<16 {
                let key = (0..<32).map { batch[r, $0].bitPattern }
                #expect((left[key] ?? 0) > 0, "a row the model does not give, or drawn more often than it gives it")
                left[key, default: 0] -= 1
            }
        }
        // The first batch draws from the whole first buffer (8 contexts), not from one or two.
        let firstContexts = (0..<16).reduce(into: Set<Int>()) { seen, r in
            seen.formUnion(owners[(0..<32).map { batches[0][r, $0].bitPattern }] ?? [])
        }
        #expect(firstContexts.count >= 5 && firstContexts.allSatisfy { $0 < 8 }, "\(firstContexts)")
        // The seed fixes the order.
        let again = try Self.stream(contexts)
        #expect(try again.next(size: 16)?.toArray() == batches[0].toArray())
        let other = try Self.stream(contexts, seed: 6)
        #expect(try other.next(size: 16)?.toArray() != batches[0].toArray())
    }

    @Test func dictionariesTrainedTogetherEqualEachTrainedAlone() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func config(features: Int, seed: UInt64) -> TrainingConfig {
            var config = TrainingConfig(dIn: 32, dSAE: features, objective: .topK(k: 4, auxK: 8, auxCoefficient: 1.0 / 32), totalTokens: 60 * 16)
            config.batchSize = 16
            config.learningRate = 1e-3
            config.deadAfterTokens = 256
            config.seed = seed
            return config
        }
        let contexts = Self.contexts()
        let both = try TrainingRun(batches: try Self.stream(contexts), dictionaries: [(config(features: 64, seed: 1), directory + "/a"),
                                                                                      (config(features: 128, seed: 2), directory + "/b")])
        try both.run { _ in }
        let alone = try TrainingRun(batches: try Self.stream(contexts), dictionaries: [(config(features: 128, seed: 2), directory + "/c")])
        try alone.run { _ in }
        #expect(both.isFinished && alone.isFinished)
        #expect(both.trainers[1].parameters.decoder.toArray() == alone.trainers[0].parameters.decoder.toArray())
        #expect(both.trainers[1].parameters.encoder.toArray() == alone.trainers[0].parameters.encoder.toArray())
    }
}
