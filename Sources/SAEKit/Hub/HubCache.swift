import Foundation

/// The cache huggingface_hub keeps (docs/FORMATS.md §8), shared both ways: a file Python tools downloaded opens from
/// here with no network, and what saescope downloads, they find. `models--ORG--NAME/blobs/<etag>` holds the content,
/// `snapshots/<commit>/<path>` links to it (relative symlinks), `refs/<revision>` names the commit a branch or tag
/// was at (huggingface_hub's `.no_exist` markers of missing files are left to it: saescope asks the file list instead).
public struct HubCache: Sendable {
    /// The cache's root (`…/huggingface/hub`).
    public let root: String

    /// The root as huggingface_hub resolves it: `HF_HUB_CACHE`, else the older `HUGGINGFACE_HUB_CACHE`, else
    /// `$HF_HOME/hub`, else `$XDG_CACHE_HOME/huggingface/hub`, else `~/.cache/huggingface/hub`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let cache = environment["HF_HUB_CACHE"] ?? environment["HUGGINGFACE_HUB_CACHE"], !cache.isEmpty {
            root = Self.expand(cache, environment)
        } else if let home = environment["HF_HOME"], !home.isEmpty {
            root = Self.expand(home, environment) + "/hub"
        } else if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            root = Self.expand(xdg, environment) + "/huggingface/hub"
        } else {
            root = (environment["HOME"] ?? NSHomeDirectory()) + "/.cache/huggingface/hub"
        }
    }

    /// A cache at `root`.
    public init(root: String) { self.root = root }

    private static func expand(_ path: String, _ environment: [String: String]) -> String {
        path.hasPrefix("~/") ? (environment["HOME"] ?? NSHomeDirectory()) + path.dropFirst(1) : path
    }

    /// `models--ORG--NAME`, the folder of one model repository.
    public func repositoryFolder(_ repository: String) -> String {
        root + "/models--" + repository.replacingOccurrences(of: "/", with: "--")
    }

    /// The commit `revision` names in the cache: a 40-digit commit as it is, else what `refs/<revision>` holds.
    public func commit(_ repository: String, revision: String) -> String? {
        if Self.isCommit(revision) { return revision }
        guard let text = try? String(contentsOfFile: repositoryFolder(repository) + "/refs/" + revision, encoding: .utf8) else { return nil }
        let commit = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return Self.isCommit(commit) ? commit : nil
    }

    /// `ORG/NAME` when `path` is a model snapshot folder in a Hub cache (`…/models--ORG--NAME/snapshots/COMMIT`).
    public static func repository(ofSnapshot path: String) -> String? {
        let parts = URL(fileURLWithPath: path).standardizedFileURL.pathComponents
        guard parts.count >= 3, parts[parts.count - 2] == "snapshots", isCommit(parts[parts.count - 1]) else { return nil }
        let folder = parts[parts.count - 3]
        guard folder.hasPrefix("models--") else { return nil }
        let name = folder.dropFirst("models--".count).components(separatedBy: "--")
        return (1...2).contains(name.count) && name.allSatisfy { !$0.isEmpty } ? name.joined(separator: "/") : nil
    }

    /// The snapshot folder of `commit`.
    public func snapshot(_ repository: String, commit: String) -> String {
        repositoryFolder(repository) + "/snapshots/" + commit
    }

    /// The cached copy of `path` at `revision`, when the cache holds it (the link resolves to a whole blob).
    public func cachedFile(_ repository: String, revision: String, path: String) -> String? {
        guard let commit = commit(repository, revision: revision) else { return nil }
        let file = snapshot(repository, commit: commit) + "/" + path
        return FileManager.default.fileExists(atPath: file) ? file : nil
    }

    /// Where the blob of `etag` lives.
    public func blob(_ repository: String, etag: String) -> String { repositoryFolder(repository) + "/blobs/" + etag }

    /// The lock file huggingface_hub takes while it writes the blob of `etag`.
    public func lockFile(_ repository: String, etag: String) -> String {
        root + "/.locks/models--" + repository.replacingOccurrences(of: "/", with: "--") + "/" + etag + ".lock"
    }

    /// Links `snapshots/<commit>/<path>` to the blob of `etag` (a relative symlink, as huggingface_hub makes), and
    /// records `revision` → `commit` when the revision is a branch or tag.
    public func link(_ repository: String, revision: String, commit: String, path: String, etag: String) throws {
        let file = snapshot(repository, commit: commit) + "/" + path
        let manager = FileManager.default
        try manager.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let depth = path.split(separator: "/").count - 1
        let target = String(repeating: "../", count: depth + 2) + "blobs/" + etag
        if (try? manager.destinationOfSymbolicLink(atPath: file)) != target {
            try? manager.removeItem(atPath: file)
            // A temporary link renamed into place, so a reader never sees the name missing or half made.
            let temporary = file + ".\(getpid()).link"
            try? manager.removeItem(atPath: temporary)
            try manager.createSymbolicLink(atPath: temporary, withDestinationPath: target)
            guard rename(temporary, file) == 0 else { throw InputError(file, "cannot link into the cache: \(String(cString: strerror(errno)))") }
        }
        try recordRevision(repository, revision: revision, commit: commit)
    }

    /// Writes `refs/<revision>` (the commit, no newline) when `revision` is a branch or tag.
    public func recordRevision(_ repository: String, revision: String, commit: String) throws {
        guard !Self.isCommit(revision) else { return }
        let ref = repositoryFolder(repository) + "/refs/" + revision
        try FileManager.default.createDirectory(atPath: (ref as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if (try? String(contentsOfFile: ref, encoding: .utf8)) != commit {
            try Data(commit.utf8).write(to: URL(fileURLWithPath: ref), options: .atomic)
        }
    }

    /// Whether `text` is a full 40-digit commit hash.
    public static func isCommit(_ text: String) -> Bool {
        text.utf8.count == 40 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
