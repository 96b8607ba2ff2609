import Explorer
import Foundation
import SAEKit
import Testing

/// The heatmap's source over a workbench. Runs only where the default model has been fetched (`saescope model fetch`).
@Suite(.enabled(if: ModelStore.isInstalled(ModelStore.defaultModel)))
struct WorkbenchActivationSourceTests {
    @Test func tokensCoverTheTextAndRowsMatchTheHook() throws {
        let model = try LanguageModel(path: ModelStore.defaultModelPath())
        let source = try #require(try Workbenches.synthetic(model: model, hook: "blocks.3.hook_resid_post").activations)
        let text = "Hello, 한국어 world 😀"
        let result = try source.activations(of: text)
        #expect(result.tokens.flatMap { $0 } == Array(text.utf8))
        #expect(result.activations.rows == result.tokens.count)
        #expect(result.activations.cols == model.config.modelDim)
        #expect(result.activations.toArray().contains { $0 != 0 })
        let again = try source.activations(of: text)          // the session is reset between texts
        #expect(again.activations.toArray() == result.activations.toArray())
        #expect(try source.activations(of: "").tokens.isEmpty)
        // Special tokens written in the text are read as the model reads them, and shown as their text.
        let chat = try source.activations(of: "<|im_start|>user")
        #expect(chat.ids.first == model.tokenizer.id(of: "<|im_start|>") && chat.tokens.first == Array("<|im_start|>".utf8))
    }
}

/// A text longer than the model's context, on the committed one-block model (a context of 64 tokens).
@Suite struct LongTextActivationTests {
    @Test func aTextBeyondTheContextIsRunAsFarAsItGoes() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/seeds/gguf/tiny-llama.gguf").path
        let model = try LanguageModel(path: path)
        let source = try #require(try Workbenches.synthetic(model: model, hook: "blocks.0.hook_resid_post").activations)
        let text = String(repeating: "the cat is on the mat. ", count: 20)
        let length = model.tokenizer.textIDs(text).count
        #expect(length > model.config.contextLength)
        let result = try source.activations(of: text)
        #expect(result.tokens.count == model.config.contextLength && result.activations.rows == model.config.contextLength)
        #expect(result.fullLength == length)
        #expect(try source.activations(of: "the cat").fullLength == nil)
    }
}

/// Workbenches for the explorer's tests, their annotations in a fresh store.
enum Workbenches {
    /// A synthetic dictionary read by `model` at `hook`, opened as the explorer opens a dictionary.
    static func synthetic(model: LanguageModel, hook: String) throws -> OpenedDictionary {
        let point = try HookPoint(name: hook, layerCount: model.config.layerCount)
        let dictionary = SyntheticDictionary.make(architecture: .jumprelu, dIn: point.width(in: model.config), dSAE: 64, seed: 1)
        return try OpenedDictionary(Workbench(path: "synthetic", dictionary: dictionary, model: model, site: DictionarySite(point),
                                              annotations: try store()))
    }

    /// The sample's 16k dictionary with the default model, as the explorer opens it.
    static func sample() throws -> Workbench {
        try Workbench.open(Workbench.Request(dictionary: WorkbenchSteeringSourceTests.sample("smollm2-res14-16k.safetensors"), modelNeed: .required),
                           annotations: try store())
    }

    /// An empty annotation store of its own.
    static func store() throws -> AnnotationStore {
        try AnnotationStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("annotations-\(UUID().uuidString).sqlite").path)
    }
}
