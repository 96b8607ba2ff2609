import Foundation
import Testing
import SAEKit

/// Every model family on a tiny random-weight model that llama.cpp's converter laid out (`Tests/make_family_models.py`):
/// its tokenizer against the `tokenizers` / SentencePiece ids, its hooks (the MLP's normalised input included) and
/// logits against transformers' float forward
/// pass (1e-4 relative) and against llama.cpp's logits on the same file, and steering through a dictionary at a
/// middle block.
@Suite struct ModelFamilyTests {
    static let families = ["gpt2", "gptneox", "llama3", "qwen2", "qwen3", "gemma2"]
    static let architectures: [String: ModelArchitecture] = ["gpt2": .gpt2, "gptneox": .gptneox, "llama3": .llama, "qwen2": .qwen2,
                                                             "qwen3": .qwen3, "gemma2": .gemma2]

    static func model(_ family: String) throws -> LanguageModel {
        try LanguageModel(path: Fixtures.path("families/\(family)/model.gguf"))
    }

    static func reference(_ family: String) throws -> [String: Any] {
        try TransformersReference(directory: "families/\(family)").json()
    }

    static func prompts(_ family: String) throws -> [(name: String, ids: [Int])] {
        try TransformersReference(directory: "families/\(family)").prompts()
    }

    @Test(arguments: families) func readsTheFamily(_ family: String) throws {
        let model = try Self.model(family)
        #expect(model.config.architecture == Self.architectures[family])
        #expect(model.config.modelDim == 32)
    }

    @Test(arguments: families) func tokenizesAsTheReference(_ family: String) throws {
        let model = try Self.model(family)
        let reference = try Self.reference(family)
        for case let entry as [String: Any] in reference["tokenizer"] as! [Any] {
            let text = entry["text"] as! String
            #expect(model.tokenizer.encode(text) == entry["ids"] as! [Int], "\(family): \(text.debugDescription)")
        }
        for (name, prompt) in reference["prompts"] as! [String: [String: Any]] {
            #expect(try model.tokenizer.promptIDs(prompt["text"] as! String, chat: false) == prompt["ids"] as! [Int], "\(family) prompt \(name)")
        }
    }

    /// Every hook of every block and the logits at every position, prefill (BLAS) and decode (one token at a time).
    @Test(arguments: families) func matchesTransformers(_ family: String) throws {
        try TransformersReference(directory: "families/\(family)").check(try Self.model(family), label: family)
    }

    /// llama.cpp's logits on the same file (it rounds GELU through a half-precision table, so the bound is looser),
    /// with the same top token wherever llama.cpp's top two are further apart than that bound (random weights make
    /// near ties).
    @Test(arguments: families) func matchesLlamaCpp(_ family: String) throws {
        let model = try Self.model(family)
        let vocabulary = model.config.vocabularySize
        for (name, ids) in try Self.prompts(family) {
            let theirs = try NPYFile.readMatrix(Fixtures.path("families/\(family)/llamacpp_logits_\(name).npy"))
            let mine = try ModelSession(model: model).forward(ids, logits: .all)
            for t in ids.indices {
                let a = UnsafeBufferPointer(mine.row(t)), b = UnsafeBufferPointer(theirs.row(t))
                #expect(TransformersReference.rowGap(a, b) <= 5e-3, "\(family) \(name) position \(t)")
                let top = { (row: UnsafeBufferPointer<Float>) in (0..<vocabulary).max { row[$0] < row[$1] }! }
                let scale = b.map(abs).max()!
                #expect(top(a) == top(b) || b[top(b)] - b[top(a)] <= 5e-3 * scale, "\(family) \(name) position \(t)")
            }
        }
    }

    /// The family's dictionary steers it: an empty edit is the plain model to the bit, a clamp changes the text.
    @Test(arguments: families) func steersThroughADictionary(_ family: String) throws {
        let model = try Self.model(family)
        let dictionary = try DictionaryLoader.load(Fixtures.path("families/\(family)/dictionary"))
        let hook = try HookPoint(name: try #require(dictionary.config.hookName), layerCount: model.config.layerCount)
        #expect(dictionary.dIn == model.config.modelDim)
        let prompt = (try Self.reference(family)["prompts"] as! [String: [String: Any]])["short"]!["text"] as! String
        func run(_ sides: [SteeringRun.Side]) throws -> [String] {
            try SteeringRun(model: model, dictionary: dictionary, site: DictionarySite(hook), prompt: prompt, chat: false, sides: sides,
                            maxTokens: 12, sampler: try Sampler()).run()
        }
        let empty = try run([.steered([]), .unsteered])
        #expect(empty[0] == empty[1])

        let ids = try model.tokenizer.promptIDs(prompt, chat: false)
        let plain = try ModelSession(model: model).forward(ids, logits: .all).toArray()
        let session = ModelSession(model: model)
        try DictionarySplice(dictionary: dictionary, edits: [], promptLength: ids.count, maxActivation: { _ in nil }).install(in: session, at: DictionarySite(hook))
        #expect(try session.forward(ids, logits: .all).toArray() == plain)

        let clamp = FeatureEdit(feature: 0, operation: .clamp(40), span: .all)
        let steered = try run([.steered([clamp]), .unsteered])
        #expect(steered[0] != steered[1], "\(family): clamping feature 0 left the continuation as it was")
    }

    /// A dictionary on the attention heads' outputs (`attn.hook_z`, as Gemma Scope 2's `attn_out` ones) fits where
    /// its d_in is heads × head width, is refused where it is the residual width, and steers the model from there.
    @Test func readsAndSteersTheAttentionHeadsOutputs() throws {
        let model = try Self.model("qwen3")
        let c = model.config
        #expect(c.queryDim == 64 && c.modelDim == 32)
        func dictionary(width: Int) -> SparseDictionary {
            let encoder = Matrix(rows: width, cols: 8), decoder = Matrix(rows: 8, cols: width)
            for f in 0..<8 {
                for i in 0..<width { decoder[f, i] = Float((f * 7 + i * 3) % 5) - 2 }
            }
            for i in 0..<width { encoder[i, i % 8] = 0.5 }
            var config = DictionaryConfig(format: .saelens, architecture: .standard, dIn: width, dSAE: 8)
            config.hookName = "blocks.1.attn.hook_z"
            return SparseDictionary(config: config, encoder: encoder, encoderIsFeatureMajor: false, decoder: decoder,
                                    encoderBias: [Float](repeating: 0, count: 8), decoderBias: [Float](repeating: 0, count: width))
        }
        let fitting = dictionary(width: c.queryDim)
        let hook = try fitting.hookPoint(in: model, source: "z-dictionary")
        #expect(hook == HookPoint(layer: 1, kind: .attentionZ) && hook.description == "blocks.1.attn.hook_z")
        #expect(throws: InputError.self) { try dictionary(width: c.modelDim).hookPoint(in: model, source: "z-dictionary") }
        func run(_ sides: [SteeringRun.Side]) throws -> [String] {
            try SteeringRun(model: model, dictionary: fitting, site: DictionarySite(hook), prompt: "The quick brown fox", chat: false, sides: sides,
                            maxTokens: 10, sampler: try Sampler()).run()
        }
        let empty = try run([.steered([]), .unsteered])
        #expect(empty[0] == empty[1])
        let steered = try run([.steered([FeatureEdit(feature: 3, operation: .clamp(30), span: .all)]), .unsteered])
        #expect(steered[0] != steered[1])
    }
}
