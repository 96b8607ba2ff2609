import Foundation
import NIOCore

/// A dictionary on the Hub seen without downloading its weights: its small files fetched into the cache as usual, and
/// each large safetensors file's header read with two `Range` requests (its length, then its JSON), so that
/// `saescope info` on a dictionary of gigabytes answers in a second. The header is laid out in a scratch file of the
/// weights' full length whose data is a hole: the loaders read shapes and types from it as from the real file, and
/// nothing reads the data (a `DictionaryFile` opened this way refuses to load).
extension HubFetch {
    /// Safetensors files at most this large are simply downloaded.
    static let headerOnlyAbove = 1 << 20

    /// The local path, under `scratch`, of the file or folder `name.path` with its safetensors files over
    /// `headerOnlyAbove` bytes replaced by their headers; nil when there is nothing to gain (offline, the files are all
    /// cached, or a weights file is not safetensors), and the caller opens it the usual way.
    static func headers(_ name: HubName, client: HubClient, scratch: String,
                        progress: @escaping @Sendable (DownloadProgress) -> Void = { _ in }) async throws -> String? {
        guard let path = name.path, !client.offline, let revision = try? await client.revision(of: name) else { return nil }
        let wanted = revision.files.filter { $0 == path || $0.hasPrefix(path + "/") }
        let snapshot = client.cache.snapshot(name.repository, commit: revision.commit)
        let missing = wanted.filter { !FileManager.default.fileExists(atPath: snapshot + "/" + $0) }
        guard !missing.isEmpty, !missing.contains(where: { $0.hasSuffix(".npz") || $0.hasSuffix(".pt") }) else { return nil }
        for file in wanted {
            let local = scratch + "/" + file
            try FileManager.default.createDirectory(atPath: (local as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if file.hasSuffix(".safetensors"), missing.contains(file) {
                let metadata = try await client.metadata(name.repository, revision: name.revision, path: file)
                if let size = metadata.size, size > headerOnlyAbove,
                   try await writeHeader(of: metadata, size: size, subject: "hf://\(name.repository)/\(file)", client: client, to: local) {
                    continue
                }
            }
            let cached = try await client.file(name.repository, revision: name.revision, path: file, commit: revision.commit, progress: progress)
            try FileManager.default.createSymbolicLink(atPath: local, withDestinationPath: cached)
        }
        try client.cache.recordRevision(name.repository, revision: name.revision, commit: revision.commit)
        return scratch + "/" + path
    }

    /// Writes the safetensors header of the file `metadata` describes (`size` bytes) to `local`, the rest of the
    /// file's length left a hole; false when the server does not answer ranges (the caller downloads the file).
    private static func writeHeader(of metadata: HubClient.FileMetadata, size: Int, subject: String, client: HubClient,
                                    to local: String) async throws -> Bool {
        guard let prefix = try await client.bytes(0...7, of: metadata.location, subject: subject) else { return false }
        let declared = prefix.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard declared > 0, declared <= UInt64(SafetensorsFile.maxHeaderBytes), 8 + Int(declared) <= size else {
            throw InputError(subject, "is not a safetensors file (header length \(declared) in a file of \(size) bytes)")
        }
        let length = Int(declared)
        guard let header = try await client.bytes(8...(7 + length), of: metadata.location, subject: subject) else { return false }
        let partial = local + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: Data(prefix + header)),
              truncate(partial, off_t(size)) == 0 else {
            throw InputError(local, "cannot write the header file: \(String(cString: strerror(errno)))")
        }
        try FileManager.default.moveItem(atPath: partial, toPath: local)
        return true
    }
}

extension HubClient {
    /// Bytes `range` of the content at `location` (a `Range` request); nil when the server answers with the whole
    /// content instead of the range.
    func bytes(_ range: ClosedRange<Int>, of location: String, subject: String) async throws -> [UInt8]? {
        let response = try await send(.GET, location, subject: subject, timeout: .seconds(60),
                                      extraHeaders: [("Range", "bytes=\(range.lowerBound)-\(range.upperBound)"), ("Accept-Encoding", "identity")])
        guard response.status.code == 206 else { return nil }
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: range.count)
        } catch is NIOTooManyBytesError {
            return nil   // more than the range: a server that ignores its end
        } catch {
            throw InputError(subject, "the connection was cut reading its header (\(HubClient.describe(error)))")
        }
        guard body.readableBytes == range.count else {
            throw InputError(subject, "the Hub sent \(body.readableBytes) bytes for a range of \(range.count)")
        }
        return Array(body.readableBytesView)
    }
}
