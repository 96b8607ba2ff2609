import Foundation

/// Where `hf://` and `saelens:` names meet the rest of saescope: a path argument that may be such a name becomes a
/// local path (the cache's copy, fetched when needed), reporting downloads on standard error.
public enum HubNames {
    /// `argument`'s local path: itself, unless it is an `hf://` name (the snapshot of the model, when `isModel`, or
    /// of the file or folder it names) or a `saelens:` name (its dictionary's folder), fetched into the Hugging Face
    /// cache when not there.
    public static func localPath(_ argument: String, isModel: Bool, option: String,
                                 environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if SAELensRegistry.isName(argument) {
            guard !isModel else { throw InputError(option, "'\(argument)' names a dictionary, not a model") }
            return try localPath(SAELensRegistry.entry(argument, argument: option).location.description, isModel: false,
                                 option: option, environment: environment)
        }
        guard let name = try HubName.parse(argument, argument: option) else { return argument }
        let client = HubClient(environment: environment)
        let report = StandardErrorProgress()
        return try runBlocking {
            isModel ? try await HubFetch.model(name, client: client, note: report.note, progress: report.show)
                    : try await HubFetch.files(name, client: client, note: report.note, progress: report.show)
        }
    }
}

/// Download progress on standard error: one line per file, rewritten in place while it downloads.
struct StandardErrorProgress: Sendable {
    /// Prints a note on a line of its own.
    let note: @Sendable (String) -> Void = { text in
        FileHandle.standardError.write(Data("saescope: \(text)\n".utf8))
    }

    /// Rewrites the file's progress line on a terminal, ending it when the file is done; elsewhere (a log), prints
    /// only the finished line.
    let show: @Sendable (DownloadProgress) -> Void = { progress in
        if isatty(STDERR_FILENO) != 0 {
            FileHandle.standardError.write(Data("\r\u{1B}[K\(progress.line)\(progress.done ? "\n" : "")".utf8))
        } else if progress.done {
            FileHandle.standardError.write(Data("saescope: \(progress.line)\n".utf8))
        }
    }
}
