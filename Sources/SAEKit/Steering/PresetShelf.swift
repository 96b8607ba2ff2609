import Foundation

/// The steering presets the explorer can load (the dictionary's own, then the user's) and where it saves new ones.
public struct PresetShelf: Sendable {
    /// Folders read for presets, in order.
    public var folders: [String]
    /// The folder new presets are saved in (created when needed).
    public var saveFolder: String

    /// A shelf reading `folders` and saving into `saveFolder` (which is read too).
    public init(folders: [String], saveFolder: String) {
        self.folders = folders
        self.saveFolder = saveFolder
    }

    /// The presets beside the dictionary at `dictionaryPath` (a `presets` folder next to it) and the user's
    /// (`$XDG_DATA_HOME/saescope/presets`).
    public static func standard(dictionaryPath: String) -> PresetShelf {
        let beside = URL(fileURLWithPath: dictionaryPath).deletingLastPathComponent().appendingPathComponent("presets").path
        return PresetShelf(folders: [beside], saveFolder: Paths.data("presets"))
    }

    /// Every preset file, by file name, sorted by name; the user's own (the save folder) win a name over the others.
    public func presets() -> [(name: String, path: String)] {
        var found: [String: String] = [:]
        for folder in [saveFolder] + folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for name in names where name.hasSuffix(".json") && found[name] == nil {
                found[name] = folder + "/" + name
            }
        }
        return found.keys.sorted().map { (name: $0, path: found[$0]!) }
    }

    /// The preset after the one named `name` (wrapping), or the first, read and checked (a bad file gives its error,
    /// with its name, so that the next call moves past it); nil when there are none.
    public func load(after name: String?) -> (name: String, preset: Result<SteeringPreset, Error>)? {
        let all = presets()
        guard !all.isEmpty else { return nil }
        let next = name.flatMap { current in all.firstIndex { $0.name == current }.map { ($0 + 1) % all.count } } ?? 0
        return (all[next].name, Result { try SteeringPreset.load(all[next].path) })
    }

    /// Writes `preset` as `name` in the save folder, atomically.
    public func save(_ preset: SteeringPreset, name: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: saveFolder, withIntermediateDirectories: true)
        } catch {
            throw InputError(saveFolder, "cannot create the presets folder: \(error.localizedDescription)")
        }
        try preset.save(to: saveFolder + "/" + name)
    }
}
