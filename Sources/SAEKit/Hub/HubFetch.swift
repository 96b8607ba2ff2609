import Foundation

/// What an `hf://` name opens as, fetched into the Hugging Face cache with only the files it needs: a model (its
/// config, safetensors weights or shards, tokenizer files) or a dictionary (the files of one folder, or one file, of a
/// repository that may hold dozens). Offline, or when the Hub cannot be reached, what the cache holds is used.
public enum HubFetch {
    /// The model files a folder is read from, beside its weights; the first two are required.
    static let modelFiles = ["config.json", "tokenizer.json", "tokenizer_config.json", "generation_config.json", "chat_template.jinja"]

    /// The local folder of the model `name` (its snapshot in the cache), fetched when needed.
    public static func model(_ name: HubName, client: HubClient, note: @escaping @Sendable (String) -> Void = { _ in },
                             progress: @escaping @Sendable (DownloadProgress) -> Void = { _ in }) async throws -> String {
        guard let revision = try await revision(name, client: client, note: note) else {
            return try cachedModel(name, client: client)
        }
        let repository = name.repository
        func fetch(_ path: String) async throws -> String {
            try await client.file(repository, revision: name.revision, path: path, commit: revision.commit, note: note, progress: progress)
        }
        for required in ["config.json", "tokenizer.json"] where !revision.files.contains(required) {
            throw InputError(name.description, "has no \(required), so it is not a model folder saescope reads (files: \(listing(revision.files)))")
        }
        var weights: [String]
        if revision.files.contains("model.safetensors.index.json") {
            let index = try JSONConfig(path: try await fetch("model.safetensors.index.json"))
            let map = try index.object("weight_map")?.fields.values.compactMap { $0 as? String } ?? []
            weights = Array(Set(map)).sorted()
        } else if revision.files.contains("model.safetensors") {
            weights = ["model.safetensors"]
        } else {
            throw InputError(name.description, "has no model.safetensors or model.safetensors.index.json (saescope reads safetensors weights)")
        }
        weights = weights.filter { !$0.contains("..") && !$0.hasPrefix("/") }
        for path in modelFiles.filter(revision.files.contains) + weights { _ = try await fetch(path) }
        try client.cache.recordRevision(repository, revision: name.revision, commit: revision.commit)
        return client.cache.snapshot(repository, commit: revision.commit)
    }

    /// The local path of the file or folder `name.path` (a dictionary), fetched when needed: a folder's files, not
    /// the rest of the repository.
    public static func files(_ name: HubName, client: HubClient, note: @escaping @Sendable (String) -> Void = { _ in },
                             progress: @escaping @Sendable (DownloadProgress) -> Void = { _ in }) async throws -> String {
        guard let path = name.path else {
            throw InputError(name.description, "names a repository; name the dictionary's folder or file in it: hf://\(name.repository)/FOLDER")
        }
        guard let revision = try await revision(name, client: client, note: note) else {
            guard let commit = client.cache.commit(name.repository, revision: name.revision),
                  FileManager.default.fileExists(atPath: client.cache.snapshot(name.repository, commit: commit) + "/" + path) else {
                throw notCached(name, client: client)
            }
            return client.cache.snapshot(name.repository, commit: commit) + "/" + path
        }
        let wanted = revision.files.filter { $0 == path || $0.hasPrefix(path + "/") }
        guard !wanted.isEmpty else {
            let near = nearest(path, among: revision.files)
            throw InputError(name.description, "no such file or folder in \(name.repository)" + (near.isEmpty ? "" : "; nearest: " + near.joined(separator: ", ")))
        }
        for file in wanted {
            _ = try await client.file(name.repository, revision: name.revision, path: file, commit: revision.commit, note: note,
                                      progress: progress)
        }
        try client.cache.recordRevision(name.repository, revision: name.revision, commit: revision.commit)
        return client.cache.snapshot(name.repository, commit: revision.commit) + "/" + path
    }

    /// The repository's revision from the Hub; nil when the cache must do (offline, or the Hub out of reach with the
    /// revision cached: `note` says so).
    private static func revision(_ name: HubName, client: HubClient, note: @Sendable (String) -> Void) async throws -> HubClient.Revision? {
        if client.offline { return nil }
        do {
            return try await client.revision(of: name)
        } catch let error as InputError where error.message.hasPrefix("cannot reach") {
            guard client.cache.commit(name.repository, revision: name.revision) != nil else { throw error }
            note("\(error.source): \(error.message); using the cached copy")
            return nil
        }
    }

    /// The cached snapshot of model `name`, or why there is none.
    private static func cachedModel(_ name: HubName, client: HubClient) throws -> String {
        let cache = client.cache
        guard let commit = cache.commit(name.repository, revision: name.revision),
              FileManager.default.fileExists(atPath: cache.snapshot(name.repository, commit: commit) + "/config.json") else {
            throw notCached(name, client: client)
        }
        return cache.snapshot(name.repository, commit: commit)
    }

    private static func notCached(_ name: HubName, client: HubClient) -> InputError {
        let why = client.offline ? " and HF_HUB_OFFLINE is set" : ""
        return InputError(name.description, "is not in the Hugging Face cache (\(client.cache.root))\(why); fetch it with `saescope fetch \(name)` while online")
    }

    /// Up to three paths of the repository's files (or their folders at the same depth as `path`) closest to `path`.
    static func nearest(_ path: String, among files: [String]) -> [String] {
        let depth = path.split(separator: "/").count
        let candidates = Set(files.map { $0.split(separator: "/").prefix(depth).joined(separator: "/") })
        return candidates.map { ($0, editDistance($0, path)) }
            .filter { $0.1 <= max(3, path.count / 3) }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
            .prefix(3).map(\.0)
    }

    /// The Levenshtein distance between `a` and `b`.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var diagonal = row[0]
            row[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let above = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1))
                diagonal = above
            }
        }
        return row[b.count]
    }

    /// A short listing of files for an error line.
    private static func listing(_ files: [String]) -> String {
        files.count <= 8 ? files.joined(separator: ", ") : files.prefix(8).joined(separator: ", ") + ", … (\(files.count) in all)"
    }
}
