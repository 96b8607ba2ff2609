import Explorer
import Foundation
import SAEKit
import Testing

/// Runs only where the default model has been fetched (`saescope model fetch`).
@Suite(.enabled(if: ModelStore.isInstalled(ModelStore.defaultModel)))
struct WorkbenchSteeringSourceTests {
    /// Both continuations of a request, joined from their pieces.
    func run(_ source: SteeringSource, edits: [FeatureEdit]) throws -> (steered: String, unsteered: String, order: [Bool]) {
        var steered = "", unsteered = "", order: [Bool] = []
        let request = GenerationRequest(run: 1, prompt: "What is the capital of France?", chat: true, edits: edits,
                                        maxTokens: 12, temperature: 0, seed: 0)
        try source.generate(request) { side, text in
            if side == 0 { steered += text } else { unsteered += text }
            order.append(side == 0)
            return true
        }
        return (steered, unsteered, order)
    }

    /// A file of the shipped sample.
    static func sample(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SampleData").appendingPathComponent(name).path
    }

    @Test func noEditsGiveTheSameTextAndTheSamplePresetChangesIt() throws {
        let workbench = try Workbenches.sample()
        let (model, site) = try workbench.requireModel()
        let dictionary = workbench.dictionary, hook = site.read
        let source = try #require(try OpenedDictionary(workbench).steering)
        let plain = try run(source, edits: [])
        #expect(plain.steered == plain.unsteered)
        #expect(plain.unsteered.contains("Paris"))
        #expect(Array(plain.order.prefix(4)) == [true, false, true, false])     // the sides take turns
        // The shipped preset's feature, clamped to its multiple of the index's maximum.
        let preset = try SteeringPreset.load(Self.sample("presets/food.json")).edits[0]
        guard case .clampToMultipleOfMax(let n) = preset.operation else { Issue.record("the preset is not a clamp"); return }
        let index = try FeatureIndex(path: Self.sample("smollm2-res14-16k.index.sqlite"))
        let max = try #require(try index.feature(preset.feature)?.maxActivation)
        let clamped = try run(source, edits: [FeatureEdit(feature: preset.feature, operation: .clamp(n * max), span: preset.span)])
        #expect(clamped.unsteered == plain.unsteered)
        #expect(clamped.steered != plain.steered)

        // The steered side, which shares the prompt's run with the plain side when no edit touches the prompt, writes
        // what a session spliced from the start writes (as `saescope steer` does it), in generation's arithmetic.
        let tokenizer = model.tokenizer
        let chat = ChatTemplate(template: tokenizer.chatTemplate).render([.init(role: "user", content: "What is the capital of France?")])
        let ids = tokenizer.encode(chat, special: true)
        let session = ModelSession(model: model, cache: Arithmetic.generation().cachePrecision)
        let edit = FeatureEdit(feature: preset.feature, operation: .clamp(n * max), span: .generated)
        try DictionarySplice(dictionary: dictionary, edits: [edit], promptLength: ids.count) { _ in nil }.install(in: session, at: DictionarySite(hook))
        let spliced = try Generator.run(session: session, prompt: ids, maxTokens: 12, sampler: try Sampler(), arithmetic: .generation())
        let alone = try run(source, edits: [edit])
        #expect(alone.steered == tokenizer.decode(spliced))
    }
}
