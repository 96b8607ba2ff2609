import Foundation

/// Reads Gemma Scope JumpReLU dictionaries as Google publishes them: Gemma Scope's `params.npz`
/// (`gemma-scope-2b-pt-res/layer_20/width_16k/average_l0_71/`) and Gemma Scope 2's `params.safetensors` with an
/// optional `config.json` (`gemma-scope-2-270m-pt/resid_post/layer_9_width_16k_l0_medium/`). The hook point comes
/// from the folder names and the model from the config or the release name, by SAELens's rules for these files.
enum GemmaScopeLoader {
    /// Whether `path` is an `.npz` file or a folder holding `params.npz` or `params.safetensors`.
    static func recognizes(_ path: String) -> Bool {
        path.hasSuffix(".npz") || FileManager.default.fileExists(atPath: path + "/params.npz")
            || FileManager.default.fileExists(atPath: path + "/params.safetensors")
    }

    /// Opens the dictionary at `path`.
    static func open(_ path: String) throws -> DictionaryFile {
        let safetensors = path + "/params.safetensors"
        let isSecondRelease = !path.hasSuffix(".npz") && FileManager.default.fileExists(atPath: safetensors)
        let file = isSecondRelease ? safetensors : path.hasSuffix(".npz") ? path : path + "/params.npz"
        let arrays: [String: StoredTensor] = isSecondRelease ? try SafetensorsFile(path: file).tensors : try NPZArchive(path: file).arrays
        func array(_ name: String) throws -> StoredTensor {
            if let tensor = arrays[name] ?? arrays["w" + name.dropFirst()] { return tensor }
            throw InputError(file, "has no tensor '\(name)' (nor '\("w" + name.dropFirst())')")
        }
        let encoder = try array("W_enc")
        guard encoder.shape.count == 2 else { throw InputError(file, "W_enc has shape \(encoder.shape), expected [d_model, d_sae]") }
        var config = DictionaryConfig(format: .gemmaScope, architecture: .jumprelu, dIn: encoder.shape[0], dSAE: encoder.shape[1])
        config.applyDecoderBiasToInput = false
        config.storedType = encoder.type.rawValue
        if isSecondRelease {
            (config.hookName, config.modelName) = try secondReleaseHookAndModel(folder: path)
        } else {
            (config.hookName, config.modelName) = hookAndModel(fromPath: file)
        }
        var weights = DictionaryWeights(encoder: encoder, decoder: try array("W_dec"), decoderBias: try array("b_dec"))
        weights.encoderBias = try array("b_enc")
        weights.threshold = try array("threshold")
        return try DictionaryFile(path: path, config: config, statistics: nil, weights: weights)
    }

    /// Gemma Scope: the hook (`layer_{L}` with res/mlp/att from the release name) and model (`gemma-scope-2b` → `gemma-2-2b`).
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

    /// Gemma Scope 2: the hook from the site folder (`resid_post`, `mlp_out`, `attn_out`) and `layer_{L}_…`, and the
    /// model from `config.json`'s `model_name`, else from the release folder (`gemma-scope-2-270m-pt` → `gemma-3-270m`).
    static func secondReleaseHookAndModel(folder: String) throws -> (hook: String?, model: String?) {
        let parts = URL(fileURLWithPath: folder).standardizedFileURL.pathComponents
        guard let name = parts.last, name.hasPrefix("layer_"), let layer = Int(name.dropFirst(6).prefix { $0.isNumber }) else {
            throw InputError(folder, "is not a Gemma Scope 2 folder (its name should begin layer_{L}_, as resid_post/layer_9_width_16k_l0_medium)")
        }
        let site = parts.count >= 2 ? parts[parts.count - 2] : ""
        let hook: String?
        if site.contains("transcoder") || site.contains("clt") || name.contains("transcoder") {
            throw InputError(folder, "is a Gemma Scope 2 transcoder; saescope opens its residual-stream and MLP-output dictionaries only")
        } else if site.hasPrefix("resid_post") {
            hook = "blocks.\(layer).hook_resid_post"
        } else if site.hasPrefix("mlp_out") {
            hook = "blocks.\(layer).hook_mlp_out"
        } else if site.hasPrefix("attn_out") {
            hook = "blocks.\(layer).attn.hook_z"
        } else {
            hook = nil
        }
        var model: String?
        let configPath = folder + "/config.json"
        if FileManager.default.fileExists(atPath: configPath) {
            let config = try JSONConfig(path: configPath)
            if let architecture = try config.string("architecture"), architecture != "jump_relu" {
                throw InputError(configPath, "architecture '\(architecture)' is not Gemma Scope 2's jump_relu")
            }
            model = try config.string("model_name")
        }
        if model == nil, let release = parts.first(where: { $0.hasPrefix("gemma-scope-2-") }) {
            model = "gemma-3-" + release.dropFirst("gemma-scope-2-".count)
        }
        return (hook, model.map { $0.replacingOccurrences(of: "-v3", with: "-3") })
    }
}
