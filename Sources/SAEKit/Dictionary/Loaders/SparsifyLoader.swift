import Foundation

/// Reads EleutherAI sparsify (formerly `sae`) hookpoint folders: `cfg.json` + `sae.safetensors` in nn.Linear layout.
enum SparsifyLoader {
    /// Whether `directory` looks like one sparsify hookpoint.
    static func recognizes(_ directory: String) -> Bool {
        FileManager.default.fileExists(atPath: directory + "/cfg.json")
            && FileManager.default.fileExists(atPath: directory + "/sae.safetensors")
    }

    /// Opens the hookpoint dictionary in `directory`.
    static func open(_ directory: String) throws -> DictionaryFile {
        let cfg = try JSONConfig(path: directory + "/cfg.json")
        let activation = try cfg.string("activation") ?? "topk"
        let architecture: Architecture
        switch activation {
        case "topk": architecture = .topk
        case "groupmax": architecture = .groupmax
        default: throw InputError(cfg.path, "activation '\(activation)' is not supported (topk, groupmax are)")
        }
        if try cfg.bool("transcode") == true {
            throw InputError(cfg.path, "is a transcoder (transcode: true); only autoencoders are supported")
        }
        let weightsFile = try SafetensorsFile(path: directory + "/sae.safetensors")
        if weightsFile.tensors["W_skip"] != nil {
            throw InputError(weightsFile.path, "has a skip connection (W_skip); only plain autoencoders are supported")
        }
        let encoder = try weightsFile.tensor("encoder.weight")
        let dIn = try cfg.int("d_in") ?? (encoder.shape.count == 2 ? encoder.shape[1] : 0)
        var latents = try cfg.int("num_latents") ?? 0
        if latents == 0 { latents = dIn * (try cfg.int("expansion_factor") ?? 32) }
        var config = DictionaryConfig(format: .sparsify, architecture: architecture, dIn: dIn, dSAE: latents,
                                      k: try cfg.int("k") ?? 32)
        config.storedType = encoder.type.rawValue
        let folder = (directory as NSString).lastPathComponent
        if folder.hasPrefix("layers."), let layer = Int(folder.dropFirst(7)) {
            config.hookName = "blocks.\(layer).hook_resid_post"
            config.notes.append("hook point taken from the folder name '\(folder)' (the output of layer \(layer))")
        } else {
            config.hookName = folder
        }
        let runConfigPath = (directory as NSString).deletingLastPathComponent + "/config.json"
        if FileManager.default.fileExists(atPath: runConfigPath) {
            config.modelName = try JSONConfig(path: runConfigPath).string("model")
        }
        var weights = DictionaryWeights(encoder: encoder, decoder: try weightsFile.tensor("W_dec"),
                                        decoderBias: try weightsFile.tensor("b_dec"))
        weights.encoderIsFeatureMajor = true
        weights.encoderBias = try weightsFile.tensor("encoder.bias")
        return try DictionaryFile(path: directory, config: config, statistics: nil, weights: weights)
    }
}
