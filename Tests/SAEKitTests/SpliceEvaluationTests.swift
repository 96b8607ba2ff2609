import Testing
import SAEKit

/// `SpliceEvaluation` on a tiny synthetic model: a dictionary that reconstructs exactly recovers all the loss,
/// and one that reconstructs nothing recovers none.
@Suite struct SpliceEvaluationTests {
    /// A standard dictionary with features x⁺ and x⁻ per dimension (W_enc = [I, −I]), or with a zero decoder.
    static func dictionary(exact: Bool) -> SparseDictionary {
        let d = SyntheticModel.modelDim
        let encoder = Matrix(rows: d, cols: 2 * d), decoder = Matrix(rows: 2 * d, cols: d)
        for i in 0..<d {
            encoder[i, i] = 1
            encoder[i, d + i] = -1
            if exact {
                decoder[i, i] = 1
                decoder[d + i, i] = -1
            }
        }
        var config = DictionaryConfig(format: .saescope, architecture: .standard, dIn: d, dSAE: 2 * d)
        config.hookName = "blocks.0.hook_resid_post"
        return SparseDictionary(config: config, encoder: encoder, encoderIsFeatureMajor: false, decoder: decoder,
                                encoderBias: [Float](repeating: 0, count: 2 * d), decoderBias: [Float](repeating: 0, count: d))
    }

    static let contexts = (0..<3).map { c in (0..<24).map { 3 + (c * 31 + $0 * 7) % 250 } }

    @Test func exactReconstructionRecoversAllTheLoss() throws {
        let model = try LanguageModel(path: try SyntheticModel.write())
        let result = try SpliceEvaluation.run(model: model, dictionary: Self.dictionary(exact: true),
                                              site: DictionarySite(HookPoint(layer: 0, kind: .residPost)), contexts: Self.contexts)
        #expect(result.tokens == 3 * 22)
        #expect(abs(result.ce_spliced - result.ce_clean) < 1e-4)
        #expect(result.kl < 1e-5)
        #expect(abs(result.fve - 1) < 1e-6)
        #expect(abs(result.ce_loss_recovered - 1) < 1e-3)
        #expect(result.ce_zero_ablated != result.ce_clean)
        #expect(result.l0 > 0)
    }

    @Test func aZeroDecoderRecoversNothing() throws {
        let model = try LanguageModel(path: try SyntheticModel.write())
        let result = try SpliceEvaluation.run(model: model, dictionary: Self.dictionary(exact: false),
                                              site: DictionarySite(HookPoint(layer: 0, kind: .residPost)), contexts: Self.contexts)
        // Decoding to zero is the zero ablation itself.
        #expect(abs(result.ce_spliced - result.ce_zero_ablated) < 1e-4)
        #expect(abs(result.ce_loss_recovered) < 1e-3)
        #expect(result.fve < 0.01)
    }
}
