import Foundation
import Testing
import SAEKit

/// The dictionary spliced into a tiny synthetic model: no-op when empty, exact clamps where asked and nowhere else,
/// ablation effects that match the linear estimate, and edit parsing.
@Suite struct SteeringTests {
    static let model: LanguageModel = try! LanguageModel(path: try! SyntheticModel.write())
    static let prompt = [5, 60, 70, 80, 90, 100, 110, 120, 130, 140]

    static func dictionary(layer: Int) -> SparseDictionary {
        let d = SyntheticDictionary.make(architecture: .topk, dIn: SyntheticModel.modelDim, dSAE: 48, k: 6, seed: 21)
        return SparseDictionary(config: { var c = d.config; c.hookName = "blocks.\(layer).hook_resid_post"; return c }(),
                                encoder: d.encoder, encoderIsFeatureMajor: false, decoder: d.decoder,
                                encoderBias: d.encoderBias, decoderBias: d.decoderBias)
    }

    static func logits(_ splice: DictionarySplice?, at point: HookPoint) throws -> [Float] {
        let session = ModelSession(model: model)
        splice?.install(in: session, at: DictionarySite(point))
        return try session.forward(prompt, logits: .all).toArray()
    }

    @Test func emptyEditLeavesLogitsBitForBit() throws {
        let dictionary = Self.dictionary(layer: 0)
        let point = HookPoint(layer: 0, kind: .residPost)
        let splice = try DictionarySplice(dictionary: dictionary, edits: [], promptLength: Self.prompt.count, maxActivation: { _ in nil })
        #expect(try Self.logits(splice, at: point) == Self.logits(nil, at: point))
    }

    @Test func clampSetsTheFeatureAtEditedPositionsOnly() throws {
        let dictionary = Self.dictionary(layer: 0)
        let width = SyntheticModel.modelDim
        let x = SyntheticDictionary.gaussianMatrix(rows: 10, cols: width, seed: 4)
        let before = dictionary.encode(x)
        let feature = 11, value: Float = 7.5
        let splice = try DictionarySplice(dictionary: dictionary, edits: [FeatureEdit(feature: feature, operation: .clamp(value), span: .range(3, 6))],
                                          promptLength: 10, maxActivation: { _ in nil })
        let edited = x.copy()
        splice.apply(reading: edited, writing: edited, firstPosition: 0)
        for r in 0..<10 {
            let old = before.row(r).first { $0.feature == feature }?.value ?? 0
            for i in 0..<width {
                let change = edited[r, i] - x[r, i]
                // x′ − x = decode(f′) − decode(f) = (value − old)·W_dec[feature] where edited, and exactly 0 elsewhere.
                let expected = (3..<6).contains(r) ? (value - old) * dictionary.decoder[feature, i] : 0
                #expect(abs(change - expected) < 1e-4, "row \(r) column \(i)")
            }
        }
    }

    @Test func theEditedFeaturesAloneGiveWhatTheFullEncodeGives() throws {
        // Standard, JumpReLU and gated dictionaries take the shortcut (only the edited features computed); TopK falls
        // back to the full encode. Layer-norm inputs and a feature-major encoder are covered too.
        var cases: [SparseDictionary] = []
        for architecture in [Architecture.standard, .jumprelu, .gated, .topk] {
            cases.append(SyntheticDictionary.make(architecture: architecture, dIn: 16, dSAE: 120, k: 8, seed: 21))
        }
        let plain = cases[1]
        var config = plain.config
        config.normalization = .layerNorm
        cases.append(SparseDictionary(config: config, encoder: plain.encoder.transposed(), encoderIsFeatureMajor: true,
                                      decoder: plain.decoder, encoderBias: plain.encoderBias, decoderBias: plain.decoderBias,
                                      threshold: plain.threshold, activationScale: (0..<120).map { 1 + Float($0 % 3) / 4 }))
        let x = SyntheticDictionary.gaussianMatrix(rows: 6, cols: 16, seed: 22)
        for dictionary in cases {
            // The feature most active on row 2 is scaled and then ablated at 1–3, another clamped everywhere, one scaled.
            let strongest = Int(dictionary.encode(x).row(2).first?.feature ?? 5)
            let edits = [FeatureEdit(feature: strongest, operation: .scale(3), span: .range(1, 4)),
                         FeatureEdit(feature: 17, operation: .clamp(4), span: .all),
                         FeatureEdit(feature: strongest, operation: .ablate, span: .range(3, 4)),
                         FeatureEdit(feature: 40, operation: .add(0.5), span: .all)]
            let splice = try DictionarySplice(dictionary: dictionary, edits: edits, promptLength: 6, maxActivation: { _ in nil })
            let fast = x.copy(), full = x.copy()
            splice.apply(reading: fast, writing: fast, firstPosition: 0)
            splice.applyByFullEncode(reading: full, writing: full, firstPosition: 0)
            #expect(zip(fast.buffer, full.buffer).allSatisfy { abs($0 - $1) <= 1e-4 * max(1, abs($1)) }, "\(dictionary.config.architecture)")
            #expect(fast.toArray() != x.toArray())
        }
    }

    @Test func maxMultipleNeedsStatistics() throws {
        let dictionary = Self.dictionary(layer: 0)
        let edit = try FeatureEdit(parsing: "3=clamp:10x")
        #expect(throws: InputError.self) {
            try DictionarySplice(dictionary: dictionary, edits: [edit], promptLength: 1, maxActivation: { _ in nil })
        }
        let splice = try DictionarySplice(dictionary: dictionary, edits: [edit], promptLength: 1, maxActivation: { _ in 2.5 })
        #expect(splice.edits.first?.operation == .clamp(25))
        #expect(throws: InputError.self) {
            try DictionarySplice(dictionary: dictionary, edits: [FeatureEdit(feature: 48, operation: .ablate)], promptLength: 1, maxActivation: { _ in nil })
        }
    }

    @Test func additiveEditAddsTheDirection() throws {
        let dictionary = Self.dictionary(layer: 0)
        let x = SyntheticDictionary.gaussianMatrix(rows: 4, cols: SyntheticModel.modelDim, seed: 5)
        let splice = try DictionarySplice(dictionary: dictionary, edits: [try FeatureEdit(parsing: "9=add:2", span: .generated)],
                                          promptLength: 2, maxActivation: { _ in nil })
        let edited = x.copy()
        splice.apply(reading: edited, writing: edited, firstPosition: 0)
        for r in 0..<4 {
            for i in 0..<SyntheticModel.modelDim {
                #expect(abs(edited[r, i] - x[r, i] - (r >= 2 ? 2 * dictionary.decoder[9, i] : 0)) < 1e-6)
            }
        }
    }

    @Test func ablationMatchesTheLinearEstimateToFirstOrder() throws {
        // At the last block's output only the final norm and the unembedding follow, so the direct path is the whole
        // path: removing a small part ε of a feature moves the target logit by ε × the linear estimate, up to the
        // norm's second-order change; full ablations keep the ranking.
        let dictionary = Self.dictionary(layer: SyntheticModel.layers - 1)
        let hook = HookPoint(layer: SyntheticModel.layers - 1, kind: .residPost)
        let logits = try Self.logits(nil, at: hook)
        let vocabulary = logits.count / Self.prompt.count
        let last = Array(logits.suffix(vocabulary))
        let target = last.indices.max { last[$0] < last[$1] }!
        let attribution = try FeatureAttribution(model: Self.model, dictionary: dictionary, site: DictionarySite(hook), prompt: Self.prompt, target: target)
        #expect(!attribution.entries.isEmpty)
        #expect(abs(attribution.targetLogit - last[target]) < 1e-4)
        let epsilon: Float = 0.02
        for e in attribution.entries {
            let splice = try DictionarySplice(dictionary: dictionary, edits: [FeatureEdit(feature: e.feature, operation: .scale(1 - epsilon),
                                                                                          span: .range(Self.prompt.count - 1, Self.prompt.count))],
                                              promptLength: Self.prompt.count, maxActivation: { _ in nil })
            let nudged = try Self.logits(splice, at: hook).suffix(vocabulary)
            let exact = attribution.targetLogit - Array(nudged)[target]
            #expect(abs(exact - epsilon * e.linear) <= 0.05 * abs(epsilon * e.linear) + 3e-4,
                    "feature \(e.feature): exact \(exact), linear \(epsilon * e.linear)")
        }
        #expect(attribution.rankAgreement > 0.8)
    }

    @Test func parsesEditsAndPresets() throws {
        #expect(try FeatureEdit(parsing: "12=clamp:3.5").operation == .clamp(3.5))
        #expect(try FeatureEdit(parsing: "12=clamp:10x").operation == .clampToMultipleOfMax(10))
        #expect(try FeatureEdit(parsing: "7=scale:0.5").operation == .scale(0.5))
        #expect(try FeatureEdit(parsing: "7=ablate").operation == .ablate)
        #expect(try FeatureEdit(parsing: "7=add:-2").operation == .add(-2))
        for bad in ["x=ablate", "7=", "7=clamp", "7=clamp:abc", "7=frobnicate:1", "-3=ablate"] {
            #expect(throws: InputError.self, "\(bad)") { try FeatureEdit(parsing: bad) }
        }
        #expect(try EditSpan(parsing: "2:5") == .range(2, 5))
        #expect(throws: InputError.self) { try EditSpan(parsing: "5:2") }
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let preset = try SteeringPreset(mode: .splice, edits: [try FeatureEdit(parsing: "12=clamp:10x"), try FeatureEdit(parsing: "7=ablate")], span: .generated, description: "test")
        try preset.save(to: directory + "/p.json")
        #expect(try SteeringPreset.load(directory + "/p.json") == preset)
        #expect(preset.edits.allSatisfy { $0.span == .generated })
        let bad = try Data(#"{"mode": "splice", "edits": ["12=melt"], "span": "all"}"#.utf8).written(in: directory, name: "bad.json")
        #expect { try SteeringPreset.load(bad) } throws: { "\($0)".contains("bad.json") }
        // The file keeps edits and span as text; a mode other than splice or additive, or an additive preset with a
        // clamp, is refused with the file named.
        let written = try String(contentsOfFile: directory + "/p.json", encoding: .utf8)
        #expect(written.contains("\"12=clamp:10x\"") && written.contains("\"generated\""))
        let sideways = try Data(#"{"mode": "sideways", "edits": ["12=ablate"], "span": "all"}"#.utf8).written(in: directory, name: "mode.json")
        #expect { try SteeringPreset.load(sideways) } throws: { "\($0)".contains("mode.json") && "\($0)".contains("mode") }
        let mixed = try Data(#"{"mode": "additive", "edits": ["12=clamp:3"], "span": "all"}"#.utf8).written(in: directory, name: "mixed.json")
        #expect { try SteeringPreset.load(mixed) } throws: { "\($0)".contains("mixed.json") && "\($0)".contains("additive") }
    }
}
