import Foundation

/// One prompt of `prompts.jsonl` (written by `saescope corpus build`): what the model is asked to write for the corpus.
public struct GenerationPrompt: Sendable {
    /// Its number, unique in the file; a generated document carries it.
    public var id: Int
    /// The request given to the model as a user turn.
    public var prompt: String
    /// The topic it asks about.
    public var topic: String
    /// The kind of text asked for (encyclopedia, story, letter…).
    public var genre: String
    /// The language asked for.
    public var language: String

    /// A prompt with its fields.
    public init(id: Int, prompt: String, topic: String, genre: String, language: String) {
        self.id = id
        self.prompt = prompt
        self.topic = topic
        self.genre = genre
        self.language = language
    }

    /// Reads a prompts file; a malformed line or a repeated id is an error naming its line.
    public static func read(path: String) throws -> [GenerationPrompt] {
        let file = try MappedFile(path: path)
        var prompts: [GenerationPrompt] = [], ids: Set<Int> = []
        for (index, line) in Data(file.bytes).split(separator: UInt8(ascii: "\n")).enumerated() {
            guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
                  let id = object["id"] as? Int, let prompt = object["prompt"] as? String, !prompt.isEmpty,
                  let topic = object["topic"] as? String, let genre = object["genre"] as? String,
                  let language = object["language"] as? String else {
                throw InputError(path, "line \(index + 1) is not a prompt object {\"id\", \"prompt\", \"topic\", \"genre\", \"language\"}")
            }
            guard ids.insert(id).inserted else { throw InputError(path, "line \(index + 1) repeats prompt id \(id)") }
            prompts.append(GenerationPrompt(id: id, prompt: prompt, topic: topic, genre: genre, language: language))
        }
        guard !prompts.isEmpty else { throw InputError(path, "holds no prompts") }
        return prompts
    }
}
