import Foundation

/// Opens a dictionary in any supported layout, choosing the reader from what the path holds.
public enum DictionaryLoader {
    /// Opens the dictionary at `path`: a SAELens or sparsify folder, a Gemma Scope `params.npz` (or its folder),
    /// or a saescope `.safetensors` file; any of them on the Hugging Face Hub as `hf://ORG/REPO[@REVISION]/PATH` or
    /// by its SAELens name, `saelens:RELEASE/SAE_ID` (fetched into the Hugging Face cache when not there).
    public static func open(_ given: String) throws -> DictionaryFile {
        try openLocal(try HubNames.localPath(given, isModel: false, option: "--dict"), named: given)
    }

    /// The dictionary named `given` (`hf://` or `saelens:`) described without downloading its weights: its small files
    /// fetched into the cache, its large safetensors files' headers read with `Range` requests (`HubFetch.headers`).
    /// The result has `weightsAbsent` set, so it describes but does not load. nil when `given` is a local path, or when
    /// reading headers gains nothing (offline, already cached, a weights file other than safetensors): open it.
    public static func describe(_ given: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DictionaryFile? {
        let location = SAELensRegistry.isName(given) ? try SAELensRegistry.entry(given, argument: "--dict").location.description : given
        guard let name = try HubName.parse(location, argument: "--dict"), name.path != nil else { return nil }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("saescope-headers-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }   // the mapped files stay readable once unlinked
        let client = HubClient(environment: environment)
        let report = StandardErrorProgress()
        guard let path = try runBlocking({ try await HubFetch.headers(name, client: client, scratch: scratch, progress: report.show) }) else {
            return nil
        }
        var file = try openLocal(path, named: given)
        file.weightsAbsent = true
        file.config.notes.append("described from its config and its weights' headers (read with two Range requests each); the weights were not downloaded")
        return file
    }

    /// Opens the dictionary at the local `path`, the copy of `given`: for a `saelens:` name, with its release's config
    /// overrides applied and the registry's model when the files name none.
    private static func openLocal(_ path: String, named given: String) throws -> DictionaryFile {
        guard SAELensRegistry.isName(given) else { return try openLocal(path, overrides: [:], modelName: nil) }
        let model = try SAELensRegistry.entry(given, argument: "--dict").model
        var file = try openLocal(path, overrides: SAELensRegistry.configOverrides(given), modelName: model)
        if file.config.modelName == nil { file.config.modelName = model }
        return file
    }

    /// Opens the dictionary at the local `path`; a SAELens folder with `overrides` replacing keys of its cfg.json and
    /// `modelName` for a config that names none.
    private static func openLocal(_ path: String, overrides: [String: Any], modelName: String?) throws -> DictionaryFile {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(path, "no such file or directory")
        }
        if isDirectory.boolValue {
            if SAELensLoader.recognizes(path) { return try SAELensLoader.open(path, overrides: overrides, modelName: modelName) }
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
