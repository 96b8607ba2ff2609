import Foundation

/// Reads Gemma Scope JumpReLU dictionaries as Google publishes them: Gemma Scope's `params.npz`
/// (`gemma-scope-2b-pt-res/layer_20/width_16k/average_l0_71/`) and Gemma Scope 2's `params.safetensors` with an
/// optional `config.json` (`gemma-scope-2-270m-pt/resid_post/layer_9_width_16k_l0_medium/`), its transcoders
/// included (`transcoder/layer_9_width_16k_l0_small_affine/`: the MLP's normalised input to its output, with an
/// affine skip connection when the name ends `_affine`). The hook point comes from the folder names and the model
/// from the config or the release name, by SAELens's rules for these files.
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
        let decoder = try array("W_dec")
        var weights = DictionaryWeights(encoder: encoder, decoder: decoder, decoderBias: try array("b_dec"))
        if isSecondRelease {
            let site = try secondReleaseSite(folder: path)
            (config.hookName, config.modelName) = (site.hook, site.model)
            if let output = site.transcoderOutput {
                guard decoder.shape.count == 2 else { throw InputError(file, "w_dec has shape \(decoder.shape), expected [d_sae, d_out]") }
                config.outputHookName = output
                config.outputWidth = decoder.shape[1]
                weights.skip = arrays["affine_skip_connection"]
                weights.skipIsInputMajor = true
                if site.hasAffineSkip && weights.skip == nil {
                    throw InputError(file, "is an _affine transcoder but has no tensor 'affine_skip_connection'")
                }
            }
        } else {
            (config.hookName, config.modelName) = hookAndModel(fromPath: file)
            if let output = config.hookName.flatMap(HookPoint.mlpOutput(forInput:)), decoder.shape.count == 2 {
                config.outputHookName = output
                config.outputWidth = decoder.shape[1]
            }
        }
        weights.encoderBias = try array("b_enc")
        weights.threshold = try array("threshold")
        return try DictionaryFile(path: path, config: config, statistics: nil, weights: weights)
    }

    /// Gemma Scope: the hook (`layer_{L}` with res/mlp/att from the release name; a `-transcoders` release reads the
    /// MLP's normalised input and writes its output) and model (`gemma-scope-2b` → `gemma-2-2b`).
    static func hookAndModel(fromPath path: String) -> (hook: String?, model: String?) {
        let parts = path.split(separator: "/").map(String.init)
        var hook: String?
        if let layerPart = parts.first(where: { $0.hasPrefix("layer_") }), let layer = Int(layerPart.dropFirst(6)) {
            let release = parts.first { $0.hasPrefix("gemma-scope-") } ?? ""
            if release.hasSuffix("-transcoders") { hook = "blocks.\(layer).\(HookPoint.Kind.mlpInput.rawValue)" }
            else if release.hasSuffix("-mlp") { hook = "blocks.\(layer).hook_mlp_out" }
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

    /// Where a Gemma Scope 2 dictionary reads and, for a transcoder, writes, and the model it was trained on.
    struct SecondReleaseSite {
        var hook: String?
        var model: String?
        /// A transcoder's output hook (`blocks.{L}.hook_mlp_out`); nil for an autoencoder.
        var transcoderOutput: String?
        /// Whether the folder names an affine skip connection (`…_affine`).
        var hasAffineSkip = false
    }

    /// Gemma Scope 2: the hook from the site folder (`resid_post`, `mlp_out`, `attn_out`, `transcoder`) and
    /// `layer_{L}_…`, and the model from `config.json`'s `model_name`, else from the release folder
    /// (`gemma-scope-2-270m-pt` → `gemma-3-270m`). A transcoder reads the MLP's normalised input (Hugging Face's
    /// `pre_feedforward_layernorm` output) and writes `hook_mlp_out`. Cross-layer transcoders (`clt`) are refused.
    static func secondReleaseSite(folder: String) throws -> SecondReleaseSite {
        let parts = URL(fileURLWithPath: folder).standardizedFileURL.pathComponents
        guard let name = parts.last, name.hasPrefix("layer_"), let layer = Int(name.dropFirst(6).prefix { $0.isNumber }) else {
            throw InputError(folder, "is not a Gemma Scope 2 folder (its name should begin layer_{L}_, as resid_post/layer_9_width_16k_l0_medium)")
        }
        let siteName = parts.count >= 2 ? parts[parts.count - 2] : ""
        var site = SecondReleaseSite()
        if siteName.contains("clt") {
            throw InputError(folder, "is a Gemma Scope 2 cross-layer transcoder, whose decoders write every later layer; saescope opens single-layer transcoders")
        } else if siteName.contains("transcoder") || name.contains("transcoder") {
            site.hook = "blocks.\(layer).\(HookPoint.Kind.mlpInput.rawValue)"
            site.transcoderOutput = "blocks.\(layer).\(HookPoint.Kind.mlpOut.rawValue)"
            site.hasAffineSkip = name.hasSuffix("_affine")
        } else if siteName.hasPrefix("resid_post") {
            site.hook = "blocks.\(layer).hook_resid_post"
        } else if siteName.hasPrefix("mlp_out") {
            site.hook = "blocks.\(layer).hook_mlp_out"
        } else if siteName.hasPrefix("attn_out") {
            site.hook = "blocks.\(layer).attn.hook_z"
        }
        var model: String?
        let configPath = folder + "/config.json"
        if FileManager.default.fileExists(atPath: configPath) {
            let config = try JSONConfig(path: configPath)
            if let architecture = try config.string("architecture"), architecture != "jump_relu" {
                throw InputError(configPath, "architecture '\(architecture)' is not Gemma Scope 2's jump_relu")
            }
            model = try config.string("model_name")
            if site.transcoderOutput != nil, let affine = try config.bool("affine_connection") { site.hasAffineSkip = affine }
        }
        if model == nil, let release = parts.first(where: { $0.hasPrefix("gemma-scope-2-") }) {
            model = "gemma-3-" + release.dropFirst("gemma-scope-2-".count)
        }
        site.model = model.map { $0.replacingOccurrences(of: "-v3", with: "-3") }
        return site
    }
}
