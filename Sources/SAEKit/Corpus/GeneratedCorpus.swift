import Foundation

/// The folder `saescope corpus generate` writes: `train.jsonl` and `heldout.jsonl` hold the kept documents (one
/// {"source", "text", "id", "topic", "genre", "language", "tokens"} object per line, readable as a `CorpusFile`),
/// `dropped.jsonl` the prompts whose text the filter dropped. Each finished document is appended at once, so a stopped
/// run resumes: opening the folder reads back what is done (a line torn by a kill is cut off) and rebuilds the filter.
public final class GeneratedCorpus {
    /// The split files, by name.
    public static let splits = ["train", "heldout"]
    /// The folder.
    public let folder: String
    /// Prompts already finished, kept or dropped.
    public private(set) var finishedIDs: Set<Int> = []
    /// Tokens of the kept documents, by split.
    public private(set) var keptTokens: [String: Int] = ["train": 0, "heldout": 0]
    /// Kept documents, and dropped ones.
    public private(set) var keptCount = 0, droppedCount = 0

    private var filter: GeneratedTextFilter
    private var handles: [String: FileHandle] = [:]

    /// Opens (creating it if need be) the folder, with `filter` as it would be before any document.
    public init(folder: String, filter: GeneratedTextFilter = GeneratedTextFilter()) throws {
        self.folder = folder
        self.filter = filter
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in Self.splits + ["dropped"] {
            let path = self.path(name)
            guard FileManager.default.fileExists(atPath: path) || FileManager.default.createFile(atPath: path, contents: nil) else {
                throw InputError(path, "cannot be created")
            }
            try readBack(name, from: try Self.withoutTornLine(path))
            guard let handle = FileHandle(forWritingAtPath: path) else { throw InputError(path, "cannot be opened for writing") }
            handle.seekToEndOfFile()
            handles[name] = handle
        }
    }

    deinit { for handle in handles.values { try? handle.close() } }

    /// All kept tokens.
    public var totalKeptTokens: Int { keptTokens.values.reduce(0, +) }

    /// Which split a prompt's document goes to: one prompt in twenty (the prompts are shuffled) is held out.
    public static func split(of id: Int) -> String { id % 20 == 0 ? "heldout" : "train" }

    /// The path of `name`.jsonl in the folder.
    public func path(_ name: String) -> String { folder + "/\(name).jsonl" }

    /// Cleans the model's `text` for `prompt` and appends it to its split, or records the prompt as dropped; returns
    /// whether it was kept. `tokenCount` counts a text's tokens (for the run's target).
    @discardableResult
    public func add(_ prompt: GenerationPrompt, text: String, stopped: Bool, tokenCount: (String) -> Int) throws -> Bool {
        precondition(!finishedIDs.contains(prompt.id), "prompt \(prompt.id) is already done")
        finishedIDs.insert(prompt.id)
        guard let cleaned = filter.clean(text, stopped: stopped) else {
            droppedCount += 1
            try append(["id": prompt.id], to: "dropped")
            return false
        }
        let split = Self.split(of: prompt.id), tokens = tokenCount(cleaned)
        keptCount += 1
        keptTokens[split, default: 0] += tokens
        try append(["source": "generated", "text": cleaned, "id": prompt.id, "topic": prompt.topic, "genre": prompt.genre,
                    "language": prompt.language, "tokens": tokens], to: split)
        return true
    }

    private func append(_ object: [String: Any], to name: String) throws {
        var line = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        line.append(UInt8(ascii: "\n"))
        try handles[name]!.write(contentsOf: line)
    }

    /// Reads back the lines of `name` (its bytes `data`): their ids, and for kept documents their tokens and text (into
    /// the filter).
    private func readBack(_ name: String, from data: Data) throws {
        let path = self.path(name)
        for (index, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
            guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any], let id = object["id"] as? Int else {
                throw InputError(path, "line \(index + 1) is not a generated document; move the folder away to start again")
            }
            guard finishedIDs.insert(id).inserted else { throw InputError(path, "line \(index + 1) repeats prompt id \(id)") }
            if name == "dropped" {
                droppedCount += 1
                continue
            }
            guard let text = object["text"] as? String, let tokens = object["tokens"] as? Int else {
                throw InputError(path, "line \(index + 1) has no text or token count")
            }
            keptCount += 1
            keptTokens[name, default: 0] += tokens
            filter.remember(text)
        }
    }

    /// The file's bytes, without a last line that does not end in a newline (a write torn by a kill), which is cut
    /// from the file too.
    private static func withoutTornLine(_ path: String) throws -> Data {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let last = data.last, last != UInt8(ascii: "\n") else { return data }
        let keep = (data.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 }) ?? 0
        guard let handle = FileHandle(forWritingAtPath: path) else { throw InputError(path, "cannot be opened for writing") }
        defer { try? handle.close() }
        try handle.truncate(atOffset: UInt64(keep))
        return data.prefix(keep)
    }
}
