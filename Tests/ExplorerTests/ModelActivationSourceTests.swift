import Explorer
import Foundation
import SAEKit
import Testing

/// Runs only where the default model has been fetched (`saescope model fetch`).
@Suite(.enabled(if: ModelStore.isInstalled(ModelStore.defaultModel)))
struct ModelActivationSourceTests {
    @Test func tokensCoverTheTextAndRowsMatchTheHook() throws {
        let model = try LanguageModel(path: ModelStore.defaultModelPath())
        let hook = try HookPoint(name: "blocks.3.hook_resid_post", layerCount: model.config.layerCount)
        let source = ModelActivationSource(model: model, hook: hook, name: "smollm2")
        let text = "Hello, 한국어 world 😀"
        let result = try source.activations(of: text)
        #expect(result.tokens.flatMap { $0 } == Array(text.utf8))
        #expect(result.activations.rows == result.tokens.count)
        #expect(result.activations.cols == model.config.modelDim)
        #expect(result.activations.toArray().contains { $0 != 0 })
        let again = try source.activations(of: text)          // the session is reset between texts
        #expect(again.activations.toArray() == result.activations.toArray())
        #expect(try source.activations(of: "").tokens.isEmpty)
    }
}

/// A text longer than the model's context, on the committed one-block model (a context of 64 tokens).
@Suite struct LongTextActivationTests {
    @Test func aTextBeyondTheContextIsRunAsFarAsItGoes() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/seeds/gguf/tiny-llama.gguf").path
        let model = try LanguageModel(path: path)
        let source = ModelActivationSource(model: model, hook: HookPoint(layer: 0, kind: .residPost), name: "tiny")
        let text = String(repeating: "the cat is on the mat. ", count: 20)
        let length = model.tokenizer.encode(text).count
        #expect(length > model.config.contextLength)
        let result = try source.activations(of: text)
        #expect(result.tokens.count == model.config.contextLength && result.activations.rows == model.config.contextLength)
        #expect(result.fullLength == length)
        #expect(try source.activations(of: "the cat").fullLength == nil)
    }
}
