import AsyncHTTPClient
import Foundation
import NIOCore

/// Downloads one source's export from Neuronpedia's public datasets bucket (`neuronpedia-datasets`, an S3 bucket
/// anyone may list and read) into saescope's cache, `neuronpedia/MODEL/SOURCE/`, for `NeuronpediaExport` to read:
/// the `features/`, `activations/` and `explanations*/` batch files, listed with S3's ListObjectsV2. A file already
/// there at its listed size is not fetched again; one cut off is resumed from where it stopped (a `Range` request
/// on `<file>.partial`, three tries a run), so a download stopped by Ctrl-C goes on from there the next time.
public struct NeuronpediaFetch {
    /// The bucket's address; `SAESCOPE_NEURONPEDIA_ENDPOINT` replaces it (a mirror, or the tests' stand-in).
    public static let defaultEndpoint = "https://neuronpedia-datasets.s3.us-east-1.amazonaws.com"

    /// The bucket's address in use.
    public let endpoint: String
    /// Where exports are kept.
    public let cache: String

    /// A fetcher for `environment`'s endpoint and cache.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        endpoint = environment["SAESCOPE_NEURONPEDIA_ENDPOINT"].map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? Self.defaultEndpoint
        cache = Paths.cache("neuronpedia", environment: environment)
    }

    /// Whether `text` names a source as `neuronpedia:MODEL/SOURCE`, or as the export's address in the bucket or a
    /// mirror of it (`https://HOST/v1/MODEL/SOURCE/`).
    public static func isName(_ text: String) -> Bool {
        text.hasPrefix("neuronpedia:") || text.hasPrefix("https://") || text.hasPrefix("http://")
    }

    /// The fetcher and `MODEL/SOURCE` for `text`, a `neuronpedia:` name or an `http(s)://HOST/v1/MODEL/SOURCE/`
    /// address (whose host is then the bucket's).
    public static func resolve(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> (fetch: NeuronpediaFetch, source: String) {
        guard !text.hasPrefix("neuronpedia:") else { return (NeuronpediaFetch(environment: environment), try source(of: text)) }
        guard let url = URL(string: text), let scheme = url.scheme, let host = url.host,
              let range = url.path.range(of: "/v1/") else {
            throw InputError(text, "is not the address of a Neuronpedia export (https://HOST/v1/MODEL/SOURCE/)")
        }
        var endpoint = environment
        endpoint["SAESCOPE_NEURONPEDIA_ENDPOINT"] = "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
        let rest = url.path[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        return (NeuronpediaFetch(environment: endpoint), try source(of: "neuronpedia:" + rest))
    }

    /// `MODEL/SOURCE` of `neuronpedia:MODEL/SOURCE`, checked to be two plain path parts.
    public static func source(of text: String) throws -> String {
        let source = String(text.dropFirst("neuronpedia:".count))
        let parts = source.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains(" ") }) else {
            throw InputError(text, "is not neuronpedia:MODEL/SOURCE (e.g. neuronpedia:gpt2-small/8-res-jb)")
        }
        return source
    }

    /// The local folder of `source`'s export (`MODEL/SOURCE`), fetched where it is missing or incomplete; `note`
    /// hears each file.
    public func export(_ source: String, note: @escaping @Sendable (String) -> Void = { _ in }) throws -> String {
        let folder = cache + "/" + source
        let endpoint = self.endpoint
        try runBlocking {
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(
                redirectConfiguration: .follow(max: 5, allowCycles: false), timeout: .init(connect: .seconds(20), read: .seconds(120))))
            do {
                let files = try await Self.listing(endpoint: endpoint, prefix: "v1/\(source)/", http: http, subject: "neuronpedia:\(source)")
                let wanted = files.filter { file in
                    let relative = file.key.dropFirst("v1/\(source)/".count)
                    return relative.hasSuffix(".jsonl.gz") && !relative.contains("..")
                        && ["features/", "activations/", "explanations"].contains { relative.hasPrefix($0) }
                }
                guard wanted.contains(where: { $0.key.contains("/features/") }) else {
                    throw InputError("neuronpedia:\(source)", "has no export at \(endpoint)/v1/\(source)/ (no features/ batch files)")
                }
                for (number, file) in wanted.enumerated() {
                    let local = folder + "/" + file.key.dropFirst("v1/\(source)/".count)
                    if Self.size(of: local) == file.size { continue }
                    note("\(number + 1)/\(wanted.count) \(file.key.dropFirst("v1/".count)) (\(file.size) bytes)")
                    try await Self.download(endpoint + "/" + file.key, size: file.size, to: local, http: http)
                }
                try await http.shutdown()
            } catch {
                try? await http.shutdown()
                throw error
            }
        }
        return folder
    }

    /// One file the listing names, with its size.
    struct Listed: Sendable {
        let key: String
        let size: Int
    }

    /// Every key under `prefix`, page by page (ListObjectsV2); a server that repeats a page token, or lists more than
    /// 10,000 pages, is refused rather than followed for ever.
    static func listing(endpoint: String, prefix: String, http: HTTPClient, subject: String) async throws -> [Listed] {
        var files: [Listed] = [], token: String?, tokens = Set<String>()
        repeat {
            guard tokens.count < 10_000 else { throw InputError(subject, "\(endpoint) listed more than 10,000 pages") }
            var url = endpoint + "/?list-type=2&prefix=" + quote(prefix)
            if let token { url += "&continuation-token=" + quote(token) }
            let body = try await get(url, http: http, subject: subject, limit: 16 << 20)
            let text = String(decoding: body, as: UTF8.self)
            let contents = elements("Contents", in: text)
            guard text.contains("<ListBucketResult") else { throw InputError(subject, "\(endpoint) did not answer with a bucket listing") }
            for item in contents {
                guard let key = elements("Key", in: item).first.map(unescaped), let size = elements("Size", in: item).first.flatMap({ Int($0) }) else {
                    throw InputError(subject, "the bucket listing has an entry without a key or size")
                }
                files.append(Listed(key: key, size: size))
            }
            token = nil
            if elements("IsTruncated", in: text).first == "true" {
                guard let next = elements("NextContinuationToken", in: text).first.map(unescaped), tokens.insert(next).inserted else {
                    throw InputError(subject, "\(endpoint) gave a truncated listing without a new continuation token")
                }
                token = next
            }
        } while token != nil
        return files
    }

    /// The contents of each `<name>…</name>` element in `xml` (the listing's flat elements need no more).
    static func elements(_ name: String, in xml: String) -> [String] {
        var found: [String] = []
        var rest = xml[...]
        while let open = rest.range(of: "<\(name)>"), let close = rest[open.upperBound...].range(of: "</\(name)>") {
            found.append(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return found
    }

    /// XML text with its five entities restored.
    static func unescaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// `text` percent-encoded for a query value.
    static func quote(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// The body of a GET of `url` (at most `limit` bytes); one line naming `subject` for an error answer.
    static func get(_ url: String, http: HTTPClient, subject: String, limit: Int) async throws -> [UInt8] {
        let response: HTTPClientResponse
        do {
            response = try await http.execute(HTTPClientRequest(url: url), timeout: .seconds(120))
        } catch {
            throw InputError(subject, "cannot reach \(url): \(error)")
        }
        guard response.status.code == 200 else { throw InputError(subject, "\(url) answered \(response.status.code)") }
        do {
            return Array(try await response.body.collect(upTo: limit).readableBytesView)
        } catch {
            throw InputError(subject, "the answer from \(url) was cut or over \(limit) bytes (\(error))")
        }
    }

    /// Downloads `url` (`size` bytes) to `local` through `<local>.partial`, resuming what is there, three tries.
    static func download(_ url: String, size: Int, to local: String, http: HTTPClient) async throws {
        try FileManager.default.createDirectory(atPath: (local as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let partial = local + ".partial"
        for attempt in 1...3 {
            var have = Self.size(of: partial) ?? 0
            if have > size { try? FileManager.default.removeItem(atPath: partial); have = 0 }
            if have < size {
                var request = HTTPClientRequest(url: url)
                if have > 0 { request.headers.add(name: "Range", value: "bytes=\(have)-") }
                do {
                    let response = try await http.execute(request, timeout: .hours(1))
                    if response.status.code >= 500 { throw ServerBusy(code: response.status.code) }   // tried again
                    guard response.status.code == 200 || response.status.code == 206 else {
                        throw InputError(url, "answered \(response.status.code)")
                    }
                    // A range answer must start where the partial file ends; one that does not is asked for whole.
                    if response.status.code == 206, response.headers.first(name: "Content-Range")?.hasPrefix("bytes \(have)-") != true {
                        try? FileManager.default.removeItem(atPath: partial)
                        continue
                    }
                    if response.status.code == 200 { have = 0 }
                    guard let handle = FileHandle(forWritingAtPath: partial) ?? {
                        FileManager.default.createFile(atPath: partial, contents: nil) ? FileHandle(forWritingAtPath: partial) : nil
                    }() else { throw InputError(partial, "cannot be written") }
                    defer { try? handle.close() }
                    try handle.truncate(atOffset: UInt64(have))
                    try handle.seek(toOffset: UInt64(have))
                    for try await chunk in response.body { try handle.write(contentsOf: Data(chunk.readableBytesView)) }
                } catch let error as InputError {
                    throw error
                } catch {
                    if attempt == 3 { throw InputError(url, "the download was cut (\(error)); run the command again to resume it") }
                    continue
                }
            }
            let received = Self.size(of: partial) ?? 0
            if received == size {
                if FileManager.default.fileExists(atPath: local) { try FileManager.default.removeItem(atPath: local) }
                try FileManager.default.moveItem(atPath: partial, toPath: local)
                return
            }
            if attempt == 3 { throw InputError(url, "received \(received) of \(size) bytes; run the command again to resume it") }
        }
    }

    /// A server error (5xx), worth another try.
    struct ServerBusy: Error {
        let code: UInt
    }

    /// The size of the file at `path`, nil when there is none.
    static func size(of path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
    }
}
