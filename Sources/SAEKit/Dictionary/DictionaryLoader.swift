import Foundation

/// Opens a dictionary in any supported layout, choosing the reader from what the path holds.
public enum DictionaryLoader {
    /// Opens the dictionary at `path`: a SAELens or sparsify folder, a Gemma Scope `params.npz` (or its folder),
    /// or a saescope `.safetensors` file; any of them on the Hugging Face Hub as `hf://ORG/REPO[@REVISION]/PATH` or
    /// by its SAELens name, `saelens:RELEASE/SAE_ID` (fetched into the Hugging Face cache when not there).
    public static func open(_ given: String) throws -> DictionaryFile {
        let overrides = SAELensRegistry.isName(given) ? SAELensRegistry.configOverrides(given) : [:]
        var file = try openLocal(try HubNames.localPath(given, isModel: false, option: "--dict"), overrides: overrides)
        if SAELensRegistry.isName(given), file.config.modelName == nil {
            file.config.modelName = try SAELensRegistry.entry(given, argument: "--dict").model
        }
        return file
    }

    /// Opens the dictionary at the local `path`; a SAELens folder with `overrides` replacing keys of its cfg.json.
    private static func openLocal(_ path: String, overrides: [String: Any]) throws -> DictionaryFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(path, "no such file or directory")
        }
        if isDirectory.boolValue {
            if SAELensLoader.recognizes(path) { return try SAELensLoader.open(path, overrides: overrides) }
            if SparsifyLoader.recognizes(path) { return try SparsifyLoader.open(path) }
            if GemmaScopeLoader.recognizes(path) { return try GemmaScopeLoader.open(path) }
            let children = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().filter {
                SAELensLoader.recognizes(path + "/" + $0) || SparsifyLoader.recognizes(path + "/" + $0)
            }
            if !children.isEmpty {
                throw InputError(path, "holds several dictionaries; name one of: \(children.prefix(8).joined(separator: ", "))")
            }
            throw InputError(path, "is not a dictionary folder (expected cfg.json with sae_weights.safetensors or sae.safetensors, or params.npz or params.safetensors)")
        }
        if GemmaScopeLoader.recognizes(path) { return try GemmaScopeLoader.open(path) }
        if path.hasSuffix(".safetensors") {
            let file = try SafetensorsFile(path: path)
            guard file.metadata["format"] == NativeDictionaryFormat.marker else {
                throw InputError(path, "is a safetensors file without saescope metadata; pass its folder (with cfg.json) instead")
            }
            return try NativeDictionaryFormat.open(path)
        }
        throw InputError(path, "is not a recognised dictionary file (.safetensors, .npz, or a folder)")
    }

    /// Opens and loads the dictionary at `path` in one step.
    public static func load(_ path: String) throws -> SparseDictionary {
        try open(path).load()
    }
}
