import AsyncHTTPClient
import Foundation
import NIOCore

/// How far one file's download has got, for the progress line.
public struct DownloadProgress: Sendable {
    /// The file, as the repository names it.
    public let file: String
    /// Bytes on disk so far (a resumed download counts what it started from).
    public let received: Int
    /// The file's size, when the Hub said it.
    public let total: Int?
    /// Bytes a second over this run.
    public let rate: Double
    /// Whether the file is complete.
    public let done: Bool

    /// "model.safetensors: 12.3 of 250.0 MB, 5.2 MB/s, 45 s left" (kB for a file under a megabyte).
    public var line: String {
        let scale = (total ?? received) >= 1_000_000 ? (1e6, "MB") : (1e3, "kB")
        let amount = { (bytes: Int) in String(format: "%.1f", Double(bytes) / scale.0) }
        let size = total.map { "\(amount(received)) of \(amount($0)) \(scale.1)" } ?? "\(amount(received)) \(scale.1)"
        if done { return "\(file): \(size), done" }
        let speed = String(format: "%.1f MB/s", rate / 1e6)
        guard let total, rate > 0 else { return "\(file): \(size), \(speed)" }
        return "\(file): \(size), \(speed), \(Int((Double(total - received) / rate).rounded())) s left"
    }
}

extension HubClient {
    /// The cached path of `path` in `repository` at `revision`, downloaded into the cache first when it is not there.
    /// `commit`, when the caller knows it, lets a file already in that snapshot open with no request; `note` hears of a
    /// cut connection and the resumption.
    public func file(_ repository: String, revision: String, path: String, commit: String? = nil,
                     note: @escaping @Sendable (String) -> Void = { _ in },
                     progress: @escaping @Sendable (DownloadProgress) -> Void = { _ in }) async throws -> String {
        if let commit, FileManager.default.fileExists(atPath: cache.snapshot(repository, commit: commit) + "/" + path) {
            return cache.snapshot(repository, commit: commit) + "/" + path
        }
        if offline {
            if let cached = cache.cachedFile(repository, revision: revision, path: path) { return cached }
            throw InputError("hf://\(repository)/\(path)", "is not in the cache (\(cache.root)) and HF_HUB_OFFLINE is set; run `saescope fetch hf://\(repository)` with the network on")
        }
        let metadata = try await self.metadata(repository, revision: revision, path: path)
        let blob = cache.blob(repository, etag: metadata.etag)
        if !FileManager.default.fileExists(atPath: blob) {
            try await download(repository, path: path, metadata, to: blob, note: note, progress: progress)
        }
        try cache.link(repository, revision: revision, commit: metadata.commit, path: path, etag: metadata.etag)
        return cache.snapshot(repository, commit: metadata.commit) + "/" + path
    }

    /// Downloads the blob `metadata` describes into `blob`, under huggingface_hub's lock for it: into
    /// `<blob>.incomplete`, resuming what is there with a `Range` request (after a cut connection, up to three times in
    /// this run; after Ctrl-C, on the next), then checked (size; SHA-256 for an LFS file, whose ETag is its hash) and
    /// renamed into place. A blob that fails its check is deleted, never kept.
    func download(_ repository: String, path: String, _ metadata: FileMetadata, to blob: String,
                  note: @escaping @Sendable (String) -> Void, progress: @escaping @Sendable (DownloadProgress) -> Void) async throws {
        let subject = "hf://\(repository)/\(path)"
        let manager = FileManager.default
        try manager.createDirectory(atPath: (blob as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let lock = try await FileLock.acquire(cache.lockFile(repository, etag: metadata.etag))
        defer { lock.release() }
        if manager.fileExists(atPath: blob) { return }   // another process finished it while this one waited
        let partial = blob + ".incomplete"
        var attempt = 0
        while true {
            attempt += 1
            do {
                try await receive(metadata, into: partial, file: path, subject: subject, progress: progress)
                break
            } catch let error as InputError where error.message.hasPrefix("cannot reach") || error.message.contains("cut") {
                guard attempt < 3 else {
                    throw InputError(subject, "\(error.message); \(Self.size(of: partial)) bytes are kept, and the next run resumes from there")
                }
                note("\(subject): \(error.message); resuming from byte \(Self.size(of: partial)) (try \(attempt + 1) of 3)")
            }
        }
        let size = Self.size(of: partial)
        if let expected = metadata.size, size != expected {
            try? manager.removeItem(atPath: partial)
            throw InputError(subject, "downloaded \(size) bytes where the Hub said \(expected); the download was discarded")
        }
        if metadata.etag.count == 64 {
            let hash = try Self.sha256(of: partial)
            guard hash == metadata.etag.lowercased() else {
                try? manager.removeItem(atPath: partial)
                throw InputError(subject, "its SHA-256 is \(hash), not the \(metadata.etag) the Hub gave; the download was discarded")
            }
        }
        guard rename(partial, blob) == 0 else { throw InputError(blob, "cannot move into the cache: \(String(cString: strerror(errno)))") }
    }

    /// One GET of the rest of the file into `partial` (from its current size); an `InputError` mentioning "cut" when
    /// the connection ends early.
    private func receive(_ metadata: FileMetadata, into partial: String, file: String, subject: String,
                         progress: @escaping @Sendable (DownloadProgress) -> Void) async throws {
        var have = Self.size(of: partial)
        if let total = metadata.size, have == total { return }
        if let total = metadata.size, have > total { try? FileManager.default.removeItem(atPath: partial); have = 0 }
        let range = have > 0 ? [("Range", "bytes=\(have)-")] : []
        var response = try await send(.GET, metadata.location, subject: subject, timeout: .hours(24), extraHeaders: range)
        if (300..<400).contains(response.status.code), let target = response.headers.first(name: "Location") {
            let url = target.hasPrefix("/") ? endpoint + target : target
            response = try await send(.GET, url, subject: subject, timeout: .hours(24), extraHeaders: range)
        }
        if response.status.code != 206 { have = 0 }   // the server sent the whole file: start again
        let descriptor = open(partial, O_WRONLY | O_CREAT | (have == 0 ? O_TRUNC : O_APPEND), 0o644)
        guard descriptor >= 0 else { throw InputError(partial, "cannot write: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let started = Date()
        var received = have, lastReport = Date.distantPast
        do {
            for try await chunk in response.body {
                try chunk.withUnsafeReadableBytes { bytes in
                    var offset = 0
                    while offset < bytes.count {
                        let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                        guard written > 0 else { throw InputError(partial, "cannot write: \(String(cString: strerror(errno)))") }
                        offset += written
                    }
                }
                received += chunk.readableBytes
                if Date().timeIntervalSince(lastReport) >= 0.25 {
                    lastReport = Date()
                    let rate = Double(received - have) / max(Date().timeIntervalSince(started), 1e-3)
                    progress(DownloadProgress(file: file, received: received, total: metadata.size, rate: rate, done: false))
                }
            }
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(subject, "the connection was cut after \(received) bytes (\(Self.describe(error)))")
        }
        if let total = metadata.size, received < total {
            throw InputError(subject, "the connection was cut after \(received) of \(total) bytes")
        }
        let rate = Double(received - have) / max(Date().timeIntervalSince(started), 1e-3)
        progress(DownloadProgress(file: file, received: received, total: metadata.size, rate: rate, done: true))
    }

    /// The size of the file at `path`, 0 when there is none.
    static func size(of path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    /// The SHA-256 of the file at `path`, in lowercase hex.
    static func sha256(of path: String) throws -> String {
        let file = try MappedFile(path: path)
        var hash = SHA256()
        var offset = 0
        while offset < file.bytes.count {
            let end = min(file.bytes.count, offset + (64 << 20))
            hash.update(UnsafeRawBufferPointer(rebasing: file.bytes[offset..<end]))
            offset = end
        }
        return hash.finalizeHex()
    }
}

/// An exclusive `flock` on a lock file, the kind Python's `filelock` takes, so saescope and huggingface_hub never
/// write the same blob at once.
final class FileLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    /// Takes the lock at `path` (creating the file), waiting for another holder without blocking a thread.
    static func acquire(_ path: String) async throws -> FileLock {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let descriptor = open(path, O_CREAT | O_RDWR, 0o644)
        guard descriptor >= 0 else { throw InputError(path, "cannot open the lock: \(String(cString: strerror(errno)))") }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                close(descriptor)
                throw InputError(path, "cannot lock: \(String(cString: strerror(errno)))")
            }
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        return FileLock(descriptor: descriptor)
    }

    /// Releases the lock.
    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
