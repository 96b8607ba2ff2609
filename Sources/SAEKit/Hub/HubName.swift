/// A name on the Hugging Face Hub, `hf://ORG/NAME[@REVISION][/PATH]`: a repository, the revision to read (a branch,
/// tag or commit; `main` when none is given) and, for a dictionary, the file or folder inside it.
public struct HubName: Equatable, Sendable, CustomStringConvertible {
    /// `ORG/NAME`.
    public let repository: String
    /// A branch, tag or commit.
    public let revision: String
    /// A file or folder inside the repository, when the name gives one.
    public let path: String?

    /// The scheme that marks a Hub name.
    public static let scheme = "hf://"

    /// The name as a user writes it.
    public var description: String {
        Self.scheme + repository + (revision == "main" ? "" : "@" + revision) + (path.map { "/" + $0 } ?? "")
    }

    /// A name for `repository` at `revision`, with `path` inside it.
    public init(repository: String, revision: String = "main", path: String? = nil) {
        self.repository = repository
        self.revision = revision
        self.path = path.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether `text` is written as a Hub name.
    public static func isHubName(_ text: String) -> Bool { text.hasPrefix(scheme) }

    /// Parses `text` (`argument` names where it came from, for the error): nil when it is not a Hub name, an
    /// `InputError` when it is one but malformed.
    public static func parse(_ text: String, argument: String) throws -> HubName? {
        guard isHubName(text) else { return nil }
        let parts = text.dropFirst(scheme.count).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw InputError(argument, "'\(text)' is not hf://ORG/NAME[@REVISION][/PATH]")
        }
        var name = parts[1], revision = "main"
        if let at = name.firstIndex(of: "@") {
            revision = String(name[name.index(after: at)...])
            name = String(name[..<at])
        }
        let allowed = { (part: String) in
            !part.isEmpty && part != "." && part != ".." && part.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
        }
        guard allowed(parts[0]), allowed(name), !revision.isEmpty, !revision.contains("..") else {
            throw InputError(argument, "'\(text)' does not name a repository (ORG/NAME of letters, digits, '-', '_' and '.')")
        }
        let inner = parts.dropFirst(2).filter { !$0.isEmpty }
        guard inner.allSatisfy({ $0 != "." && $0 != ".." }) else { throw InputError(argument, "'\(text)' has '.' or '..' in its path") }
        return HubName(repository: parts[0] + "/" + name, revision: revision, path: inner.joined(separator: "/"))
    }
}
