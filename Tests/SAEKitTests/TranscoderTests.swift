import Foundation
import Testing
import SAEKit

/// Transcoders (`Tests/make_transcoder_fixtures.py`): a Gemma Scope 2 skip transcoder and a SAELens-saved one on the
/// tiny family models, held to SAELens's own encodings and outputs, then run in the model: the splice reads the MLP's
/// normalised input and edits its output, eval scores the prediction of the MLP's output, attribution and token
/// effects read the decoder where it writes.
@Suite struct TranscoderTests {
    static let gemmaScope = "transcoders/gemma-scope-2-tiny-pt/transcoder/layer_1_width_48_l0_small_affine"
    static let saved = "transcoders/qwen3-transcoder"

    static func expected(_ folder: String) throws -> (inputs: Matrix, features: Matrix, outputs: Matrix) {
        let archive = try NPZArchive(path: Fixtures.path(folder + "/expected.npz"))
        return (try archive.array("inputs").matrix(), try archive.array("features").matrix(), try archive.array("outputs").matrix())
    }

    @Test func readsGemmaScope2TranscoderFolders() throws {
        let dictionary = try DictionaryLoader.load(Fixtures.path(Self.gemmaScope))
        let config = dictionary.config
        #expect(config.isTranscoder && config.architecture == .jumprelu && !config.applyDecoderBiasToInput)
        #expect(config.hookName == "blocks.1.ln2.hook_normalized" && config.outputHookName == "blocks.1.hook_mlp_out")
        #expect(config.dIn == 32 && config.dOut == 32 && config.dSAE == 48 && config.modelName == "tiny-gemma2")
        #expect(dictionary.skip?.rows == 32 && dictionary.skip?.cols == 32)
    }

    /// Gemma Scope's first release names its transcoders by the release (`gemma-scope-2b-pt-transcoders`), as SAELens
    /// reads them: the MLP's normalised input in, its output out.
    @Test func readsGemmaScopeTranscoderReleases() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let folder = directory + "/gemma-scope-2b-pt-transcoders/layer_3/width_16k/average_l0_5"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixtures.path("gemmascope/gemma-scope-2b-pt-res/layer_3/width_16k/average_l0_5/params.npz"),
                                         toPath: folder + "/params.npz")
        let config = try DictionaryLoader.open(folder).config
        #expect(config.hookName == "blocks.3.ln2.hook_normalized" && config.outputHookName == "blocks.3.hook_mlp_out")
        #expect(config.isTranscoder && config.modelName == "gemma-2-2b")
    }

    @Test func readsSAELensTranscoders() throws {
        let dictionary = try DictionaryLoader.load(Fixtures.path(Self.saved))
        #expect(dictionary.config.isTranscoder && dictionary.skip == nil)
        #expect(dictionary.config.hookName == "blocks.0.ln2.hook_normalized")
        #expect(dictionary.config.outputHookName == "blocks.0.hook_mlp_out")
        #expect(dictionary.config.notes.contains { $0.contains("hook_name_out") })
    }

    @Test(arguments: [gemmaScope, saved]) func encodesAndPredictsAsSAELens(_ folder: String) throws {
        let dictionary = try DictionaryLoader.load(Fixtures.path(folder))
        let (x, features, outputs) = try Self.expected(folder)
        let codes = dictionary.encode(x)
        var worstFeature: Float = 0, worstOutput: Float = 0, worstReference: Float = 0
        let dense = ReferenceCodec.encode(dictionary, x)
        let reference = ReferenceCodec.decode(dictionary, dense, inputs: x)
        let predicted = dictionary.reconstruct(x, codes: codes)
        for r in 0..<x.rows {
            var row = [Float](repeating: 0, count: dictionary.featureCount)
            for (feature, value) in codes.row(r) { row[Int(feature)] = value }
            for j in 0..<dictionary.featureCount { worstFeature = max(worstFeature, abs(row[j] - features[r, j])) }
            for o in 0..<dictionary.dOut {
                worstOutput = max(worstOutput, abs(predicted[r, o] - outputs[r, o]))
                worstReference = max(worstReference, abs(reference[r, o] - outputs[r, o]))
            }
        }
        #expect(codes.meanL0 > 2, "too few features fire to test anything")
        #expect(worstFeature < 1e-4 && worstOutput < 1e-4 && worstReference < 1e-4,
                "features \(worstFeature), outputs \(worstOutput), reference codec \(worstReference)")
    }

    /// Written as SAELens (`export --format saelens`) and read back, it is the same transcoder.
    @Test func exportsAsSAELensAndReadsBack() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let original = try DictionaryLoader.load(Fixtures.path(Self.gemmaScope))
        try SAELensExport.write(original, to: directory)
        let cfg = try String(contentsOfFile: directory + "/cfg.json", encoding: .utf8)
        #expect(cfg.contains("jumprelu_skip_transcoder") && cfg.contains("hook_name_out"))
        let copy = try DictionaryLoader.load(directory)
        #expect(copy.config.hookName == original.config.hookName && copy.config.outputHookName == original.config.outputHookName)
        let x = try Self.expected(Self.gemmaScope).inputs
        #expect(copy.reconstruct(x).toArray() == original.reconstruct(x).toArray())
    }

    @Test func fitsTheModelAtTwoHooks() throws {
        let model = try ModelFamilyTests.model("gemma2")
        let dictionary = try DictionaryLoader.load(Fixtures.path(Self.gemmaScope))
        let site = try dictionary.site(in: model, source: "transcoder")
        #expect(site == DictionarySite(read: HookPoint(layer: 1, kind: .mlpInput), write: HookPoint(layer: 1, kind: .mlpOut)))
        #expect(site.description == "blocks.1.ln2.hook_normalized → blocks.1.hook_mlp_out")
        var backwards = dictionary.config
        backwards.outputHookName = "blocks.0.hook_mlp_out"
        let reversed = SparseDictionary(config: backwards, encoder: dictionary.encoder, encoderIsFeatureMajor: false,
                                        decoder: dictionary.decoder, encoderBias: dictionary.encoderBias,
                                        decoderBias: dictionary.decoderBias, threshold: dictionary.threshold)
        #expect(throws: InputError.self) { try reversed.site(in: model, source: "transcoder") }
    }

    /// Clamping feature j changes the MLP's output by (clamp − f_j) · W_dec[j] at every position and nothing before
    /// it; an empty edit changes no logit; the continuation follows the clamp.
    @Test func steersTheMLPOutput() throws {
        let model = try ModelFamilyTests.model("gemma2")
        let dictionary = try DictionaryLoader.load(Fixtures.path(Self.gemmaScope))
        let site = try dictionary.site(in: model, source: "transcoder")
        let ids = try #require(try ModelFamilyTests.prompts("gemma2").first).ids
        let after = HookPoint(layer: 1, kind: .residPost)
        func run(_ edits: [FeatureEdit]?) throws -> (input: Matrix, stream: Matrix, logits: Matrix) {
            let session = ModelSession(model: model)
            var input: Matrix?, stream: Matrix?
            if let edits {
                try DictionarySplice(dictionary: dictionary, edits: edits, promptLength: ids.count, maxActivation: { _ in nil })
                    .install(in: session, at: site)
            } else {
                session.addHook(at: site.read) { x, _ in input = x.copy() }
            }
            session.addHook(at: after) { h, _ in stream = h.copy() }
            let logits = try session.forward(ids, logits: .all)
            return (input ?? Matrix(rows: 0, cols: 0), try #require(stream), logits)
        }
        let clean = try run(nil)
        let unchanged = try run([])
        #expect(unchanged.logits.toArray() == clean.logits.toArray())

        let feature = 5, clamp: Float = 4
        let steered = try run([FeatureEdit(feature: feature, operation: .clamp(clamp))])
        let dense = ReferenceCodec.encode(dictionary, clean.input)
        var worst: Float = 0
        for r in 0..<ids.count {
            for i in 0..<dictionary.dOut {
                let expected = (clamp - dense[r, feature]) * dictionary.decoder[feature, i]
                worst = max(worst, abs((steered.stream[r, i] - clean.stream[r, i]) - expected))
            }
        }
        #expect(worst < 1e-4, "the MLP output moved by \(worst) more than the clamp explains")
        #expect(steered.logits.toArray() != clean.logits.toArray())
    }

    /// The splice's few-feature path and its full-encode twin agree when input and output are different matrices.
    @Test func spliceMatchesItsFullEncodeTwin() throws {
        let dictionary = try DictionaryLoader.load(Fixtures.path(Self.gemmaScope))
        let x = try Self.expected(Self.gemmaScope).inputs
        let strongest = Int(try #require(dictionary.encode(x).row(3).first).feature)
        let edits = [FeatureEdit(feature: strongest, operation: .scale(3), span: .range(1, 9)),
                     FeatureEdit(feature: 17, operation: .clamp(4), span: .all),
                     FeatureEdit(feature: 40, operation: .add(0.5), span: .all)]
        let splice = try DictionarySplice(dictionary: dictionary, edits: edits, promptLength: 6, maxActivation: { _ in nil })
        let y = SyntheticDictionary.gaussianMatrix(rows: x.rows, cols: dictionary.dOut, seed: 9)
        let fast = y.copy(), full = y.copy()
        splice.apply(reading: x, writing: fast, firstPosition: 0)
        splice.applyByFullEncode(reading: x, writing: full, firstPosition: 0)
        #expect(zip(fast.buffer, full.buffer).allSatisfy { abs($0 - $1) <= 1e-4 * max(1, abs($1)) })
        #expect(fast.toArray() != y.toArray())
    }

    /// eval's FVE is of the MLP's output, predicted from its input: the same figure computed here from transformers'
    /// hooks and SAELens's outputs (position 0 left out, as eval leaves it).
    @Test func evaluatesThePredictionOfTheMLPOutput() throws {
        let model = try ModelFamilyTests.model("gemma2")
        let dictionary = try DictionaryLoader.load(Fixtures.path(Self.gemmaScope))
        let site = try dictionary.site(in: model, source: "transcoder")
        let prompt = try #require(try ModelFamilyTests.prompts("gemma2").first { $0.name == "mixed" })
        let result = try SpliceEvaluation.run(model: model, dictionary: dictionary, site: site, contexts: [prompt.ids])

        let hooks = try NPYFile.readMatrix(Fixtures.path("families/gemma2/hooks_mixed.npy"))
        let outputs = try Self.expected(Self.gemmaScope).outputs
        let n = prompt.ids.count, layer = 1
        let mlpOut = Matrix(rows: n - 1, cols: 32)
        var residual = 0.0
        for t in 1..<n {
            for i in 0..<32 {
                mlpOut[t - 1, i] = hooks[(layer * 3 + 2) * n + t, i]
                let e = Double(mlpOut[t - 1, i] - outputs[t, i])
                residual += e * e
            }
        }
        let fve = 1 - residual / Variance.total(mlpOut)
        #expect(abs(result.fve - fve) < 1e-3, "eval FVE \(result.fve), from the references \(fve)")
        #expect(result.ce_clean.isFinite && result.ce_spliced.isFinite && result.kl >= 0 && result.tokens == n - 2)
    }

    /// Attribution ablates each active feature where the transcoder writes; its linear column reads W_dec there.
    @Test func attributesThroughTheTranscoder() throws {
        let model = try ModelFamilyTests.model("gemma2")
        let dictionary = try DictionaryLoader.load(Fixtures.path(Self.gemmaScope))
        let site = try dictionary.site(in: model, source: "transcoder")
        let ids = try #require(try ModelFamilyTests.prompts("gemma2").first).ids
        let attribution = try FeatureAttribution(model: model, dictionary: dictionary, site: site, prompt: ids, target: 7)
        #expect(!attribution.entries.isEmpty)
        #expect(attribution.entries.allSatisfy { $0.exact.isFinite && $0.linear.isFinite })
        #expect(attribution.entries.contains { $0.exact != 0 })
    }

    /// Token effects of a dictionary on the heads' outputs go through the attention output projection (d_in 64 on a
    /// model of width 32, where reading the decoder as residual directions would run off its rows).
    @Test func tokenEffectsOfHeadOutputsGoThroughTheOutputProjection() throws {
        let model = try ModelFamilyTests.model("qwen3")
        let width = model.config.queryDim, features = 6
        #expect(width != model.config.modelDim)
        var config = DictionaryConfig(format: .saescope, architecture: .standard, dIn: width, dSAE: features)
        config.hookName = "blocks.1.attn.hook_z"
        var rng = SeededGenerator(seed: 3)
        let decoder = Matrix(rows: features, cols: width, values: (0..<(features * width)).map { _ in rng.nextGaussian() })
        let dictionary = SparseDictionary(config: config, encoder: decoder.transposed(), encoderIsFeatureMajor: false, decoder: decoder,
                                          encoderBias: [Float](repeating: 0, count: features), decoderBias: [Float](repeating: 0, count: width))
        let site = try dictionary.site(in: model, source: "hook_z")
        let directions = try #require(ResidualDirections(dictionary: dictionary, model: model, write: site.write))
        let effects = FeatureIndexBuilder.tokenEffects(directions, model: model, keep: 3)
        #expect(ResidualDirections(dictionary: dictionary, model: model, write: HookPoint(layer: 1, kind: .mlpInput)) == nil)
        let projection = model.blocks[1].output.tensor.dequantized(), unembedding = model.outputHead.tensor.dequantized()
        for feature in 0..<features {
            let direction = (0..<model.config.modelDim).map { o in
                (0..<width).reduce(Float(0)) { $0 + projection[o, $1] * decoder[feature, $1] } * model.outputNorm.weight[o]
            }
            let logits = (0..<unembedding.rows).map { t in (0..<model.config.modelDim).reduce(Float(0)) { $0 + unembedding[t, $1] * direction[$1] } }
            let best = logits.indices.max { logits[$0] < logits[$1] }!
            #expect(effects.promoted[feature].first?.id == best)
            #expect(abs((effects.promoted[feature].first?.effect ?? 0) - logits[best]) < 1e-3 * max(1, abs(logits[best])))
        }
    }
}
