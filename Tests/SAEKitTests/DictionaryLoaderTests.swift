import Foundation
import Testing
import SAEKit

/// Each loader on files laid out as SAELens, sparsify and Gemma Scope write them, against NumPy's expected outputs.
@Suite struct DictionaryLoaderTests {
    /// A fixture folder with its expected architecture and the folder holding x / expected outputs.
    struct Case: CustomStringConvertible, Sendable {
        var path: String
        var expectedDir: String
        var format: DictionaryFormat
        var architecture: Architecture
        var description: String { path }
    }

    static let cases: [Case] = [
        Case(path: "saelens_standard", expectedDir: "saelens_standard", format: .saelens, architecture: .standard),
        Case(path: "saelens_jumprelu_f16", expectedDir: "saelens_jumprelu_f16", format: .saelens, architecture: .jumprelu),
        Case(path: "saelens_topk_rescale", expectedDir: "saelens_topk_rescale", format: .saelens, architecture: .topk),
        Case(path: "saelens_gated_bf16", expectedDir: "saelens_gated_bf16", format: .saelens, architecture: .gated),
        Case(path: "saelens_layernorm", expectedDir: "saelens_layernorm", format: .saelens, architecture: .standard),
        Case(path: "saelens_constnorm", expectedDir: "saelens_constnorm", format: .saelens, architecture: .standard),
        Case(path: "saelens_v5_topk", expectedDir: "saelens_v5_topk", format: .saelens, architecture: .topk),
        Case(path: "saelens_v5_scaling", expectedDir: "saelens_v5_scaling", format: .saelens, architecture: .standard),
        Case(path: "sparsify_run/layers.3", expectedDir: "sparsify_run/layers.3", format: .sparsify, architecture: .topk),
        Case(path: "gemmascope/gemma-scope-2b-pt-res/layer_3/width_16k/average_l0_5/params.npz",
             expectedDir: "gemmascope/gemma-scope-2b-pt-res/layer_3/width_16k/average_l0_5", format: .gemmaScope, architecture: .jumprelu),
        Case(path: "gemmascope_compressed/gemma-scope-2b-pt-res/layer_3/width_16k/average_l0_5",
             expectedDir: "gemmascope_compressed/gemma-scope-2b-pt-res/layer_3/width_16k/average_l0_5", format: .gemmaScope, architecture: .jumprelu),
    ]

    @Test(arguments: cases)
    func encodesAndDecodesLikeTheReference(_ c: Case) throws {
        let file = try DictionaryLoader.open(Fixtures.path(c.path))
        #expect(file.config.format == c.format)
        #expect(file.config.architecture == c.architecture)
        #expect(file.config.dIn == 8)
        #expect(file.config.dSAE == 24)
        #expect(file.config.hookName == "blocks.3.hook_resid_post")
        let dictionary = try file.load()
        let x = try NPYFile.readMatrix(Fixtures.path(c.expectedDir + "/x.npy"))
        let expectedF = try NPYFile.readMatrix(Fixtures.path(c.expectedDir + "/expected_f.npy"))
        let expectedXHat = try NPYFile.readMatrix(Fixtures.path(c.expectedDir + "/expected_xhat.npy"))
        let codes = dictionary.encode(x)
        #expect(maxRelativeDifference(codes.dense(featureCount: 24), expectedF) < 1e-4)
        #expect(maxRelativeDifference(dictionary.decode(codes), expectedXHat) < 1e-4)
        #expect(maxRelativeDifference(ReferenceCodec.encode(dictionary, x), expectedF) < 1e-4)
    }

    @Test func readsConfigDetails() throws {
        let topk = try DictionaryLoader.open(Fixtures.path("saelens_topk_rescale")).config
        #expect(topk.k == 5)
        #expect(topk.rescaleActsByDecoderNorm)
        #expect(topk.modelName == "tiny-test-model")
        let v5 = try DictionaryLoader.open(Fixtures.path("saelens_v5_topk")).config
        #expect(v5.k == 4)
        #expect(v5.storedType == "F32")
        #expect(try DictionaryLoader.open(Fixtures.path("saelens_layernorm")).config.normalization == .layerNorm)
        #expect(try DictionaryLoader.open(Fixtures.path("saelens_gated_bf16")).config.storedType == "BF16")
        let gemma = try DictionaryLoader.open(Fixtures.path("gemmascope/gemma-scope-2b-pt-res/layer_3/width_16k/average_l0_5")).config
        #expect(gemma.modelName == "gemma-2-2b")
        #expect(!gemma.applyDecoderBiasToInput)
        let sparsify = try DictionaryLoader.open(Fixtures.path("sparsify_run/layers.3")).config
        #expect(sparsify.k == 4)
        #expect(sparsify.modelName == "tiny-test-model")
        #expect(sparsify.storedType == "BF16")
    }

    @Test func readsSparsityAsDeadFraction() throws {
        let file = try DictionaryLoader.open(Fixtures.path("saelens_standard"))
        let density = try #require(file.statistics?.density)
        #expect(density.prefix(3).allSatisfy { $0 == 0 })
        #expect(density.dropFirst(3).allSatisfy { $0 > 0 })
        #expect(file.statistics?.deadFraction == 3.0 / 24.0)
    }

    @Test func nativeFormatRoundTripsEveryArchitecture() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for c in Self.cases.prefix(8) {
            let original = try DictionaryLoader.load(Fixtures.path(c.path))
            let path = directory + "/\(c.architecture.rawValue)-\(UUID().uuidString).safetensors"
            let stats = FeatureStatistics(density: (0..<24).map { Float($0) / 100 }, maxActivation: (0..<24).map { Float($0) })
            try NativeDictionaryFormat.write(original, statistics: stats, to: path)
            let file = try DictionaryLoader.open(path)
            #expect(file.config.format == .saescope)
            #expect(file.config.architecture == original.config.architecture)
            #expect(file.config.normalization == original.config.normalization)
            #expect(file.config.hookName == original.config.hookName)
            #expect(file.statistics?.maxActivation?[5] == 5)
            let reloaded = try file.load()
            let x = try NPYFile.readMatrix(Fixtures.path(c.expectedDir + "/x.npy"))
            if original.activationScale == nil {
                #expect(maxRelativeDifference(reloaded.reconstruct(x), original.reconstruct(x)) < 1e-5)
            }
        }
    }

    @Test func mismatchedConfigNamesTheFieldAndTensor() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = Fixtures.path("saelens_standard")
        for name in ["sae_weights.safetensors"] {
            try FileManager.default.copyItem(atPath: source + "/" + name, toPath: directory + "/" + name)
        }
        var cfg = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: source + "/cfg.json"))) as! [String: Any]
        cfg["d_sae"] = 32
        try JSONSerialization.data(withJSONObject: cfg).write(to: URL(fileURLWithPath: directory + "/cfg.json"))
        #expect {
            try DictionaryLoader.open(directory)
        } throws: { error in
            let text = "\(error)"
            return text.contains("d_sae = 32") && text.contains("W_enc") && text.contains("[8, 24]")
        }
    }

    /// A SAELens dictionary trained on a TransformerLens LayerNorm model loaded with `center_writing_weights` reads
    /// the residual stream centred (TransformerLens's is, with that processing): its codes are those of the centred
    /// input, and its reconstruction is the centred one with the mean added back. An RMSNorm model's is not centred,
    /// as TransformerLens ignores the flag there.
    @Test func centredTransformerLensInputs() throws {
        let source = Fixtures.path("saelens_standard")
        func opened(model: String) throws -> SparseDictionary {
            let directory = Fixtures.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try FileManager.default.copyItem(atPath: source + "/sae_weights.safetensors", toPath: directory + "/sae_weights.safetensors")
            var cfg = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: source + "/cfg.json"))) as! [String: Any]
            var metadata = cfg["metadata"] as! [String: Any]
            metadata["model_name"] = model
            metadata["model_from_pretrained_kwargs"] = ["center_writing_weights": true]
            cfg["metadata"] = metadata
            try JSONSerialization.data(withJSONObject: cfg).write(to: URL(fileURLWithPath: directory + "/cfg.json"))
            return try DictionaryLoader.load(directory)
        }
        let centred = try opened(model: "gpt2-small"), plain = try DictionaryLoader.load(source)
        #expect(centred.config.centersInput && !plain.config.centersInput)
        #expect(try opened(model: "gemma-2-2b").config.centersInput == false)
        var rng = SeededGenerator(seed: 9)
        let x = Matrix(rows: 6, cols: 8, values: (0..<48).map { _ in Float(rng.nextGaussian()) * 3 + 2 })
        let shifted = Matrix(rows: 6, cols: 8, values: (0..<6).flatMap { r -> [Float] in
            let row = Array(x.row(r)), mean = row.reduce(0, +) / 8
            return row.map { $0 - mean }
        })
        let codes = centred.encode(x), expected = plain.encode(shifted)
        let reconstruction = centred.reconstruct(x), expectedCentred = plain.reconstruct(shifted)
        for r in 0..<6 {
            #expect(codes.row(r).map(\.feature) == expected.row(r).map(\.feature))
            #expect(zip(codes.row(r), expected.row(r)).allSatisfy { abs($0.value - $1.value) <= 1e-5 * max(1, abs($1.value)) })
            let mean = Array(x.row(r)).reduce(0, +) / 8
            for i in 0..<8 { #expect(abs(reconstruction.row(r)[i] - (expectedCentred.row(r)[i] + mean)) <= 1e-4) }
        }
        let uncentred = plain.encode(x)
        #expect((0..<6).contains { r in codes.row(r).map(\.value) != uncentred.row(r).map(\.value) })
    }

    @Test func unknownPathsSayWhatIsWrong() {
        #expect(throws: InputError.self) { try DictionaryLoader.open("/nonexistent/dictionary") }
        #expect(throws: InputError.self) { try DictionaryLoader.open(Fixtures.path("saelens_standard/cfg.json")) }
        #expect(throws: InputError.self) { try DictionaryLoader.open(Fixtures.path("sparsify_run/layers.3/sae.safetensors")) }
        #expect {
            try DictionaryLoader.open(Fixtures.path("sparsify_run"))
        } throws: { "\($0)".contains("layers.3") }
    }
}
