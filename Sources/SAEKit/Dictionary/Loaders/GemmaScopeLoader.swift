import Foundation

/// Reads Gemma Scope `params.npz` JumpReLU dictionaries; the hook point and model come from the download path
/// (`gemma-scope-2b-pt-res/layer_20/width_16k/average_l0_71/params.npz`).
enum GemmaScopeLoader {
    /// Whether `path` is an `.npz` file or a folder holding `params.npz`.
    static func recognizes(_ path: String) -> Bool {
        path.hasSuffix(".npz") || FileManager.default.fileExists(atPath: path + "/params.npz")
    }

    /// Opens the dictionary at `path`.
    static func open(_ path: String) throws -> DictionaryFile {
        let file = path.hasSuffix(".npz") ? path : path + "/params.npz"
        let archive = try NPZArchive(path: file)
        func array(_ name: String) throws -> StoredTensor {
            if let tensor = archive.arrays[name] ?? archive.arrays["w" + name.dropFirst()] { return tensor }
            throw InputError(file, "has no array '\(name).npy'")
        }
        let encoder = try array("W_enc")
        guard encoder.shape.count == 2 else { throw InputError(file, "W_enc has shape \(encoder.shape), expected [d_model, d_sae]") }
        var config = DictionaryConfig(format: .gemmaScope, architecture: .jumprelu, dIn: encoder.shape[0], dSAE: encoder.shape[1])
        config.applyDecoderBiasToInput = false
        config.storedType = encoder.type.rawValue
        (config.hookName, config.modelName) = hookAndModel(fromPath: file)
        var weights = DictionaryWeights(encoder: encoder, decoder: try array("W_dec"), decoderBias: try array("b_dec"))
        weights.encoderBias = try array("b_enc")
        weights.threshold = try array("threshold")
        return try DictionaryFile(path: path, config: config, statistics: nil, weights: weights)
    }

    /// The hook name (`layer_{L}` with res/mlp/att from the release name) and model (`gemma-scope-2b` → `gemma-2-2b`).
    static func hookAndModel(fromPath path: String) -> (hook: String?, model: String?) {
        let parts = path.split(separator: "/").map(String.init)
        var hook: String?
        if let layerPart = parts.first(where: { $0.hasPrefix("layer_") }), let layer = Int(layerPart.dropFirst(6)) {
            let release = parts.first { $0.hasPrefix("gemma-scope-") } ?? ""
            if release.hasSuffix("-mlp") { hook = "blocks.\(layer).hook_mlp_out" }
            else if release.hasSuffix("-att") { hook = "blocks.\(layer).attn.hook_z" }
            else { hook = "blocks.\(layer).hook_resid_post" }
        }
        var model: String?
        if let release = parts.first(where: { $0.hasPrefix("gemma-scope-") }) {
            let size = release.dropFirst("gemma-scope-".count).prefix { $0 != "-" }
            if !size.isEmpty { model = "gemma-2-\(size)" }
        }
        return (hook, model)
    }
}
