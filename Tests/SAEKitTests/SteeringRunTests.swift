import Foundation
import Testing
import SAEKit

/// A steering run on the tiny synthetic model: every side writes what a session of its own writes, the sides that
/// leave the prompt alone share one run of it, and a caller can stop the run between two tokens.
@Suite struct SteeringRunTests {
    static let model = SteeringTests.model
    static let dictionary = SteeringTests.dictionary(layer: 0)
    static let hook = HookPoint(layer: 0, kind: .residPost)
    static let prompt = "the cat is on the mat"

    /// What one session spliced from the start generates (nil edits: the plain model), decoded.
    static func alone(_ edits: [FeatureEdit]?, sampler: Sampler) throws -> String {
        let ids = try model.tokenizer.promptIDs(prompt, chat: false)
        let session = ModelSession(model: model)
        if let edits {
            try DictionarySplice(dictionary: dictionary, edits: edits, promptLength: ids.count) { _ in nil }.install(in: session, at: DictionarySite(hook))
        }
        return model.tokenizer.decode(try Generator.run(session: session, prompt: ids, maxTokens: 16, sampler: sampler))
    }

    static func run(_ sides: [SteeringRun.Side], sampler: Sampler) throws -> SteeringRun {
        try SteeringRun(model: model, dictionary: dictionary, site: DictionarySite(hook), prompt: prompt, chat: false, sides: sides,
                        maxTokens: 16, sampler: sampler)
    }

    @Test func everySideWritesWhatItsOwnSessionWrites() throws {
        let generated = FeatureEdit(feature: 11, operation: .clamp(2000), span: .generated)
        let everywhere = FeatureEdit(feature: 11, operation: .clamp(2000), span: .all)
        let ablation = FeatureEdit(feature: 3, operation: .ablate, span: .generated)
        for sampler in [try Sampler(), try Sampler(temperature: 0.9, seed: 5)] {
            let sides: [SteeringRun.Side] = [.steered([generated]), .steered([everywhere]), .steered([ablation]), .unsteered]
            let run = try Self.run(sides, sampler: sampler)
            let texts = try run.run()
            #expect(texts[0] == (try Self.alone([generated], sampler: sampler)))
            #expect(texts[1] == (try Self.alone([everywhere], sampler: sampler)))
            #expect(texts[2] == (try Self.alone([ablation], sampler: sampler)))
            #expect(texts[3] == (try Self.alone(nil, sampler: sampler)))
            #expect(texts[0] != texts[3])
            // One run of the prompt for the three sides that leave it alone, one for the side that edits it.
            #expect(run.promptRuns == 2)
        }
    }

    @Test func anEmptyEditIsThePlainModelAndTheSidesTakeTurns() throws {
        let run = try Self.run([.steered([]), .unsteered], sampler: try Sampler())
        var order: [Int] = []
        let texts = try run.run { side, _ in order.append(side); return true }
        #expect(texts[0] == texts[1])
        #expect(run.promptRuns == 1)
        #expect(Array(order.prefix(4)) == [0, 1, 0, 1])
    }

    @Test func returningFalseStopsTheRun() throws {
        let run = try Self.run([.unsteered, .unsteered], sampler: try Sampler())
        var pieces = 0
        _ = try run.run { _, _ in pieces += 1; return pieces < 3 }
        #expect(pieces == 3)
    }

    @Test func anEditOfAMissingFeatureIsAnInputError() throws {
        let edit = FeatureEdit(feature: Self.dictionary.featureCount, operation: .ablate)
        #expect(throws: InputError.self) { try Self.run([.steered([edit])], sampler: try Sampler()) }
        #expect(throws: InputError.self) { try Self.run([], sampler: try Sampler()) }
    }
}
