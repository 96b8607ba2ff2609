import Foundation
import Testing
import SAEKit

/// A fixture folder of transformers' float forward pass on a tiny model (`Tests/make_family_models.py`,
/// `Tests/make_model_folders.py`): reference.json with the prompts' ids, and per prompt P every block's
/// hook_resid_pre, hook_resid_post and hook_mlp_out (hooks_P.npy), attn.hook_z (z_P.npy), the MLP's normalised input
/// (ln2_P.npy) and the logits (logits_P.npy).
struct TransformersReference {
    /// The folder, relative to the fixtures.
    let directory: String

    /// reference.json.
    func json() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("\(directory)/reference.json")))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// The prompts by name, with their ids.
    func prompts() throws -> [(name: String, ids: [Int])] {
        let prompts = try json()["prompts"] as! [String: [String: Any]]
        return prompts.keys.sorted().map { ($0, prompts[$0]!["ids"] as! [Int]) }
    }

    /// max |a − b| over a row, divided by max |b| over the same row.
    static func rowGap(_ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>) -> Float {
        var gap: Float = 0, scale: Float = 0
        for i in 0..<b.count {
            gap = max(gap, abs(a[i] - b[i]))
            scale = max(scale, abs(b[i]))
        }
        return gap / max(scale, 1e-6)
    }

    /// Expects every hook of every block and the logits at every position within 1e-4 (relative to the row's
    /// largest value) of the reference, run as one prefill (BLAS) and one token at a time (decode).
    func check(_ model: LanguageModel, label: String) throws {
        let c = model.config
        for (name, ids) in try prompts() {
            let hooks = try NPYFile.readMatrix(Fixtures.path("\(directory)/hooks_\(name).npy"))
            let expected = try NPYFile.readMatrix(Fixtures.path("\(directory)/logits_\(name).npy"))
            let heads = try NPYFile.readMatrix(Fixtures.path("\(directory)/z_\(name).npy"))
            let normalized = try NPYFile.readMatrix(Fixtures.path("\(directory)/ln2_\(name).npy"))
            #expect(heads.rows == c.layerCount * ids.count && heads.cols == c.queryDim)
            #expect(normalized.rows == c.layerCount * ids.count && normalized.cols == c.modelDim)
            #expect(hooks.rows == c.layerCount * 3 * ids.count && expected.rows == ids.count)
            for tokensPerCall in [ids.count, 1] {
                let session = ModelSession(model: model, threads: 2)
                var captured: [HookPoint: [Float]] = [:]
                for layer in 0..<c.layerCount {
                    for kind in HookPoint.Kind.allCases {
                        let point = HookPoint(layer: layer, kind: kind)
                        session.addHook(at: point) { residual, _ in captured[point, default: []] += residual.toArray() }
                    }
                }
                var logits: [Float] = []
                for start in stride(from: 0, to: ids.count, by: tokensPerCall) {
                    let chunk = Array(ids[start..<min(ids.count, start + tokensPerCall)])
                    logits += try session.forward(chunk, logits: .all).toArray()
                }
                var worstHook: Float = 0, worstLogit: Float = 0
                for layer in 0..<c.layerCount {
                    let mine = try #require(captured[HookPoint(layer: layer, kind: .attentionZ)])
                    for t in ids.indices {
                        mine.withUnsafeBufferPointer { m in
                            worstHook = max(worstHook, Self.rowGap(UnsafeBufferPointer(rebasing: m[(t * c.queryDim)..<((t + 1) * c.queryDim)]),
                                                                   UnsafeBufferPointer(heads.row(layer * ids.count + t))))
                        }
                    }
                    let mlpInput = try #require(captured[HookPoint(layer: layer, kind: .mlpInput)])
                    for t in ids.indices {
                        mlpInput.withUnsafeBufferPointer { m in
                            worstHook = max(worstHook, Self.rowGap(UnsafeBufferPointer(rebasing: m[(t * c.modelDim)..<((t + 1) * c.modelDim)]),
                                                                   UnsafeBufferPointer(normalized.row(layer * ids.count + t))))
                        }
                    }
                    for (k, kind) in [HookPoint.Kind.residPre, .residPost, .mlpOut].enumerated() {
                        let mine = try #require(captured[HookPoint(layer: layer, kind: kind)])
                        for t in ids.indices {
                            let row = (layer * 3 + k) * ids.count + t
                            mine.withUnsafeBufferPointer { m in
                                worstHook = max(worstHook, Self.rowGap(UnsafeBufferPointer(rebasing: m[(t * c.modelDim)..<((t + 1) * c.modelDim)]),
                                                                       UnsafeBufferPointer(hooks.row(row))))
                            }
                        }
                    }
                }
                logits.withUnsafeBufferPointer { all in
                    for t in ids.indices {
                        let row = UnsafeBufferPointer(rebasing: all[(t * c.vocabularySize)..<((t + 1) * c.vocabularySize)])
                        worstLogit = max(worstLogit, Self.rowGap(row, UnsafeBufferPointer(expected.row(t))))
                    }
                }
                #expect(worstHook <= 1e-4, "\(label) \(name), \(tokensPerCall) per call: hooks differ by \(worstHook)")
                #expect(worstLogit <= 1e-4, "\(label) \(name), \(tokensPerCall) per call: logits differ by \(worstLogit)")
            }
        }
    }
}
