import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The Hugging Face Hub's file protocol as huggingface_hub speaks it (docs/FORMATS.md §8): the revision API for a
/// repository's commit and file list, `HEAD …/resolve/…` for one file's commit, ETag, size and CDN location, and GET
/// with `Range` to download. `HF_ENDPOINT`, `HF_TOKEN` (or `HF_TOKEN_PATH`) and `HF_HUB_OFFLINE` are read as it
/// reads them. Every failure is an `InputError` naming the file or repository and what to do.
public final class HubClient: Sendable {
    /// Where the Hub is (`HF_ENDPOINT`, default https://huggingface.co), without a trailing slash.
    public let endpoint: String
    /// The bearer token, when the user has one.
    let token: String?
    /// Whether the network is off limits (`HF_HUB_OFFLINE=1`).
    public let offline: Bool
    /// The cache files go into.
    public let cache: HubCache
    /// The HTTP client: redirects not followed (a CDN location is followed by hand, without the token), a bounded
    /// wait to connect and between reads.
    let http: HTTPClient

    /// How long to wait to connect, and for the next bytes of a response.
    static let connectTimeout = TimeAmount.seconds(10), readTimeout = TimeAmount.seconds(60)

    /// A client configured from `environment` as huggingface_hub configures itself.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        var endpoint = environment["HF_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 } ?? "https://huggingface.co"
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        self.endpoint = endpoint
        token = Self.token(environment)
        offline = ["1", "ON", "YES", "TRUE"].contains((environment["HF_HUB_OFFLINE"] ?? "").uppercased())
        cache = HubCache(environment: environment)
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(
            redirectConfiguration: .disallow, timeout: .init(connect: Self.connectTimeout, read: Self.readTimeout)))
    }

    deinit { try? http.syncShutdown() }

    /// `HF_TOKEN`, else `HUGGING_FACE_HUB_TOKEN`, else the file at `HF_TOKEN_PATH` (default `$HF_HOME/token`).
    static func token(_ environment: [String: String]) -> String? {
        for key in ["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"] {
            if let value = environment[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty { return value }
        }
        let home = environment["HF_HOME"] ?? ((environment["XDG_CACHE_HOME"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.cache")) + "/huggingface")
        let path = environment["HF_TOKEN_PATH"] ?? home + "/token"
        let text = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        return text?.isEmpty == false ? text : nil
    }

    /// A repository's commit at a revision and the paths of its files.
    public struct Revision: Sendable {
        /// The 40-digit commit.
        public let commit: String
        /// Every file's path.
        public let files: [String]
    }

    /// What `HEAD …/resolve/…` says of one file.
    struct FileMetadata: Sendable {
        /// The commit the revision resolved to.
        let commit: String
        /// The blob's name in the cache: the sha256 of an LFS file's content, a small file's git hash.
        let etag: String
        /// The file's size in bytes, when the Hub says it.
        let size: Int?
        /// Where to GET the content: the CDN location of a large file, else the resolve URL.
        let location: String
    }

    /// The revision API: `GET /api/models/{repo}/revision/{revision}`.
    public func revision(of name: HubName) async throws -> Revision {
        let url = "\(endpoint)/api/models/\(name.repository)/revision/\(Self.quote(name.revision))"
        let response = try await send(.GET, url, subject: name.description, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 64 << 20)
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
              let commit = object["sha"] as? String, HubCache.isCommit(commit) else {
            throw InputError(name.description, "the Hub's answer for the repository is not a revision (\(url))")
        }
        let files = (object["siblings"] as? [[String: Any]] ?? []).compactMap { $0["rfilename"] as? String }
        return Revision(commit: commit, files: files)
    }

    /// `HEAD …/resolve/{revision}/{path}`: the file's commit, ETag, size and where its content is.
    func metadata(_ repository: String, revision: String, path: String) async throws -> FileMetadata {
        let subject = "hf://\(repository)/\(path)"
        var url = "\(endpoint)/\(repository)/resolve/\(Self.quote(revision))/\(Self.quote(path, keepingSlashes: true))"
        for _ in 0..<5 {
            let response = try await send(.HEAD, url, subject: subject, timeout: .seconds(60), extraHeaders: [("Accept-Encoding", "identity")])
            let headers = response.headers
            guard let commit = headers.first(name: "X-Repo-Commit"),
                  let rawTag = headers.first(name: "X-Linked-Etag") ?? headers.first(name: "ETag") else {
                if (300..<400).contains(response.status.code), let location = headers.first(name: "Location"), location.hasPrefix("/") {
                    url = endpoint + location   // a renamed repository: the Hub redirects within itself
                    continue
                }
                throw InputError(subject, "the Hub's answer has no X-Repo-Commit or ETag (\(url))")
            }
            let etag = rawTag.replacingOccurrences(of: "W/", with: "").replacingOccurrences(of: "\"", with: "")
            let size = (headers.first(name: "X-Linked-Size") ?? headers.first(name: "Content-Length")).flatMap { Int($0) }
            var location = url
            if (300..<400).contains(response.status.code), let target = headers.first(name: "Location") {
                location = target.hasPrefix("/") ? endpoint + target : target
            }
            guard HubCache.isCommit(commit), !etag.isEmpty, etag.allSatisfy({ $0.isHexDigit }) else {
                throw InputError(subject, "the Hub's answer has a malformed commit or ETag")
            }
            return FileMetadata(commit: commit, etag: etag, size: size, location: location)
        }
        throw InputError(subject, "the Hub redirected more than 5 times")
    }

    /// Sends one request with the token (unless it goes to another host than the Hub's), mapping the Hub's error
    /// answers to one line each; the response of a 2xx or 3xx.
    func send(_ method: HTTPMethod, _ url: String, subject: String, timeout: TimeAmount,
              extraHeaders: [(String, String)] = []) async throws -> HTTPClientResponse {
        guard !offline else { throw InputError(subject, "is not in the cache, and HF_HUB_OFFLINE is set") }
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "User-Agent", value: "saescope")
        if let token, Self.host(of: url) == Self.host(of: endpoint) { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in extraHeaders { request.headers.add(name: name, value: value) }
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: timeout)
        } catch {
            throw InputError(subject, "cannot reach \(Self.host(of: url) ?? url): \(Self.describe(error))")
        }
        if response.status.code < 400 { return response }
        throw error(for: response, subject: subject)
    }

    /// The Hub's error answer as one line: what is missing or refused, and what to do.
    private func error(for response: HTTPClientResponse, subject: String) -> InputError {
        let code = response.headers.first(name: "X-Error-Code")
        let message = response.headers.first(name: "X-Error-Message").map { " (\($0))" } ?? ""
        switch (response.status.code, code) {
        case (_, "RepositoryNotFound"):
            return InputError(subject, "no such repository on \(endpoint), or it is private" + (token == nil ? " (set HF_TOKEN if it is yours)" : ""))
        case (_, "RevisionNotFound"): return InputError(subject, "no such revision\(message)")
        case (_, "EntryNotFound"): return InputError(subject, "no such file in the repository\(message)")
        case (_, "GatedRepo"), (401, _), (403, _):
            let how = token == nil ? "accept its terms on the Hub, then set HF_TOKEN to an access token (or save one in $HF_HOME/token)"
                                   : "the token in use was refused: accept the repository's terms on the Hub with that account"
            return InputError(subject, "is gated or private\(message); \(how)")
        case (404, _): return InputError(subject, "not found on \(endpoint)\(message)")
        default: return InputError(subject, "the Hub answered \(response.status.code)\(message)")
        }
    }

    /// The host of `url` (with its port), for the rule that the token goes only to the Hub itself.
    static func host(of url: String) -> String? {
        guard let components = URLComponents(string: url), let host = components.host else { return nil }
        return components.port.map { "\(host):\($0)" } ?? host
    }

    /// Percent-encodes a revision (`refs/pr/1` → `refs%2Fpr%2F1`) or a path (slashes kept).
    static func quote(_ text: String, keepingSlashes: Bool = false) -> String {
        var allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        if keepingSlashes { allowed.insert("/") }
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// A network error as a user reads it.
    static func describe(_ error: Error) -> String {
        let text = String(describing: error)
        if text.contains("connectTimeout") || text.contains("ConnectTimeout") { return "no answer within \(connectTimeout)" }
        if text.contains("readTimeout") || text.contains("deadlineExceeded") { return "the connection stalled" }
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        if text.contains("NXDOMAIN") || text.contains("getaddrinfo") || text.contains("resolve") { return "the name does not resolve (no network?)" }
        return text
    }
}
