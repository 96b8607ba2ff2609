import Foundation
import Testing
import SAEKit

/// Gemma Scope 2's published layout (params.safetensors, optional config.json, the hook in the folder names), its
/// encodings against the published JumpReLU formula, and the model it picks.
@Suite struct GemmaScope2Tests {
    static let residual = "gemmascope2/gemma-scope-2-270m-pt/resid_post/layer_9_width_16k_l0_medium"
    static let mlp = "gemmascope2/gemma-scope-2-270m-pt/mlp_out/layer_3_width_16k_l0_small"

    @Test(arguments: [(residual, 640, 48), (mlp, 8, 24)])
    func encodesAndDecodesAsTheFormulaSays(_ folder: String, dIn: Int, dSAE: Int) throws {
        let file = try DictionaryLoader.open(Fixtures.path(folder))
        #expect(file.config.format == .gemmaScope && file.config.architecture == .jumprelu && !file.config.applyDecoderBiasToInput)
        #expect(file.config.dIn == dIn && file.config.dSAE == dSAE)
        let dictionary = try file.load()
        let x = try NPYFile.readMatrix(Fixtures.path(folder + "/x.npy"))
        let codes = dictionary.encode(x)
        #expect(maxRelativeDifference(codes.dense(featureCount: dSAE), try NPYFile.readMatrix(Fixtures.path(folder + "/expected_f.npy"))) < 1e-4)
        #expect(maxRelativeDifference(dictionary.decode(codes), try NPYFile.readMatrix(Fixtures.path(folder + "/expected_xhat.npy"))) < 1e-4)
    }

    @Test func hookAndModelComeFromTheFoldersAndTheConfig() throws {
        let residual = try DictionaryLoader.open(Fixtures.path(Self.residual)).config
        #expect(residual.hookName == "blocks.9.hook_resid_post" && residual.modelName == "google/gemma-3-270m")
        let mlp = try DictionaryLoader.open(Fixtures.path(Self.mlp)).config
        #expect(mlp.hookName == "blocks.3.hook_mlp_out" && mlp.modelName == "gemma-3-270m-pt")
    }

    /// A cross-layer transcoder, an `_affine` transcoder without its skip tensor and a folder that names no layer.
    @Test func aCrossLayerTranscoderOrAStrayFolderIsAnInputError() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = Fixtures.path(Self.mlp + "/params.safetensors")
        for folder in ["clt/layer_3_width_16k_l0_small", "transcoder/layer_3_width_16k_l0_small_affine", "resid_post/not_a_layer"] {
            try FileManager.default.createDirectory(atPath: directory + "/" + folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: source, toPath: directory + "/" + folder + "/params.safetensors")
            #expect(throws: InputError.self) { try DictionaryLoader.open(directory + "/" + folder) }
        }
    }

    @Test func theModelIsChosenByNameAndWidth() {
        let none: (KnownModel) -> Bool = { _ in false }, all: (KnownModel) -> Bool = { _ in true }
        #expect(ModelChoice.for(dIn: 640, modelName: "google/gemma-3-270m", installed: none) == .notFetched(.gemma3_270m))
        #expect(ModelChoice.for(dIn: 640, modelName: "gemma-3-270m-pt", installed: all) == .file(ModelStore.path(of: .gemma3_270m)))
        #expect(ModelChoice.for(dIn: 576, modelName: "SmolLM2-135M-Instruct.Q4_1.gguf", installed: all) == .file(ModelStore.path(of: .smolLM2)))
        #expect(ModelChoice.for(dIn: 640, modelName: nil, installed: all) == .file(ModelStore.path(of: .gemma3_270m)))
        if case .none = ModelChoice.for(dIn: 576, modelName: "google/gemma-3-270m", installed: all) {} else { Issue.record("a width mismatch must not pick a model") }
        // A model saescope does not fetch as a GGUF is the one on the Hub; not fetched unasked for a dictionary on disk.
        #expect(ModelChoice.for(dIn: 2304, modelName: "gemma-2-2b", installed: all) == .hub(HubName(repository: "google/gemma-2-2b")))
        #expect(throws: InputError.self) { try ModelChoice.hub(HubName(repository: "no-such/model-here")).path(source: "d") }
        #expect(throws: InputError.self) { try ModelChoice.notFetched(.gemma3_270m).path(source: "d") }
    }

    @Test func modelNamesCompareWithoutQuantizationSuffixes() {
        #expect(ModelNames.normalized("SmolLM2-135M-Instruct.Q4_1.gguf") == "smollm2-135m-instruct")
        #expect(ModelNames.normalized("gemma-3-270m-q4_k_m.gguf") == "gemma-3-270m")
        #expect(ModelNames.normalized("google/gemma-3-270m") == "google/gemma-3-270m")
        #expect(KnownModel.named("GEMMA-3-270M") == .gemma3_270m && KnownModel.named("qwen3-0.6b") == nil)
    }
}

/// The runtime with a Gemma Scope 2-layout dictionary spliced into the real Gemma 3 270M.
@Suite(.serialized) struct GemmaScope2SteeringTests {
    @Test func anEmptyEditIsExactAndAClampSteers() throws {
        let model = try RealModel.gemma3()
        let dictionary = try DictionaryLoader.load(Fixtures.path(GemmaScope2Tests.residual))
        let hook = try dictionary.hookPoint(in: model, source: "fixture")
        #expect(hook == HookPoint(layer: 9, kind: .residPost))
        let prompt = try model.tokenizer.promptIDs("The weather today is", chat: false)
        func run(_ edits: [FeatureEdit]?) throws -> [Int] {
            let session = ModelSession(model: model)
            if let edits {
                try DictionarySplice(dictionary: dictionary, edits: edits, promptLength: prompt.count) { _ in nil }.install(in: session, at: DictionarySite(hook))
            }
            return try Generator.run(session: session, prompt: prompt, maxTokens: 10, sampler: try Sampler())
        }
        let plain = try run(nil)
        #expect(try run([]) == plain)
        let clamp = FeatureEdit(feature: 3, operation: .clamp(2000), span: .all)
        #expect(try run([clamp]) != plain)
    }

    @Test func theMLPOutputHookSeesWhatJoinsTheResidualStream() throws {
        let model = try RealModel.gemma3()
        let ids = try model.tokenizer.promptIDs("A short test.", chat: false)
        let session = ModelSession(model: model)
        var mlp: [Float] = [], after: [Float] = []
        session.addHook(at: HookPoint(layer: 4, kind: .residPre)) { residual, _ in after = residual.toArray() }
        session.addHook(at: HookPoint(layer: 3, kind: .mlpOut)) { output, _ in mlp = output.toArray() }
        try session.prefill(ids)
        #expect(mlp.count == ids.count * 640 && after.count == mlp.count)
        // Zeroing the MLP output changes the stream after the block by exactly that output.
        let ablated = ModelSession(model: model)
        var afterAblation: [Float] = []
        ablated.addHook(at: HookPoint(layer: 3, kind: .mlpOut)) { output, _ in for i in 0..<output.count { output.base[i] = 0 } }
        ablated.addHook(at: HookPoint(layer: 3, kind: .residPost)) { residual, _ in afterAblation = residual.toArray() }
        try ablated.prefill(ids)
        for i in mlp.indices { #expect(abs(after[i] - afterAblation[i] - mlp[i]) <= 1e-3 * max(1, abs(mlp[i]))) }
    }
}
