import Foundation

/// Which model reads a dictionary when the user names none: the model its config names (a model saescope fetches as
/// a GGUF, else that model on the Hugging Face Hub), else a fetched model of its width, else a known model of its
/// width that is not fetched yet.
public enum ModelChoice: Equatable, Sendable {
    /// Open this GGUF.
    case file(String)
    /// Open this model from the Hub: its cached copy, else fetched when the dictionary itself was named on the Hub.
    case hub(HubName)
    /// This known model fits but is not in the cache.
    case notFetched(KnownModel)
    /// No model saescope knows fits, and why.
    case none(String)

    /// The choice for a dictionary of width `dIn` at `hook` (its hook name, if any) that names `modelName` (as its
    /// config does, if at all).
    public static func `for`(dIn: Int, modelName: String?, hook: String? = nil,
                             installed: (KnownModel) -> Bool = ModelStore.isInstalled) -> ModelChoice {
        if let modelName, let named = KnownModel.named(modelName) {
            guard named.width(at: hook) == dIn else {
                return .none("it names \(named.name), whose width there is \(named.width(at: hook)), but its d_in is \(dIn)")
            }
            return installed(named) ? .file(ModelStore.path(of: named)) : .notFetched(named)
        }
        if let modelName, let repository = HubModelNames.repository(for: modelName) {
            return .hub(HubName(repository: repository))
        }
        let fitting = KnownModel.all.filter { $0.width(at: hook) == dIn }
        if let present = fitting.first(where: installed) { return .file(ModelStore.path(of: present)) }
        if let absent = fitting.first { return .notFetched(absent) }
        let named = modelName.map { "it was trained on \($0), and " } ?? ""
        return .none("\(named)no model saescope can fetch has width \(dIn); pass --model PATH to a GGUF that does")
    }

    /// The path to open, or an `InputError` naming `source` (the dictionary) and what the user can do.
    public func path(source: String) throws -> String {
        switch self {
        case .file(let path): return path
        case .hub(let name):
            let cache = HubCache()
            if let commit = cache.commit(name.repository, revision: name.revision),
               FileManager.default.fileExists(atPath: cache.snapshot(name.repository, commit: commit) + "/config.json") {
                StandardErrorProgress().note("\(source) names the model \(name.repository); running its cached copy")
                return cache.snapshot(name.repository, commit: commit)
            }
            // A model is downloaded unasked only for a dictionary the user named on the Hub.
            guard HubName.isHubName(source) || SAELensRegistry.isName(source) else {
                throw InputError(source, "needs the model \(name.repository); fetch it with `saescope fetch \(name)`, or pass --model")
            }
            StandardErrorProgress().note("\(source) names the model \(name.repository); fetching \(name)")
            return try ModelStore.resolve(name.description)
        case .notFetched(let model):
            let hub = HubModelNames.repository(for: model.name).map { " (or pass --model hf://\($0), the float model)" } ?? ""
            throw InputError(source, "needs the model \(model.name); fetch it with `saescope model fetch \(model.name)`\(hub)")
        case .none(let reason): throw InputError(source, "has no model to run on: \(reason)")
        }
    }
}
