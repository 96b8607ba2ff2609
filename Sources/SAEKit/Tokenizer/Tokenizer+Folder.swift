import Foundation

extension Tokenizer {
    /// The tokenizer of the model at `path`: a GGUF file's own, or a model folder's `tokenizer.json`.
    public convenience init(modelAt path: String) throws {
        if ModelFolder.isFolder(path) {
            try self.init(folder: path, vocabularySize: nil)
        } else {
            try self.init(gguf: try GGUFFile(path: path))
        }
    }

    /// Reads a model folder's `tokenizer.json`, with the chat template and BOS/EOS tokens from `tokenizer_config.json`
    /// (or `chat_template.jinja`) and `generation_config.json`; the vocabulary is padded to `vocabularySize` rows.
    public convenience init(folder: String, vocabularySize: Int?) throws {
        let jsonPath = folder + "/tokenizer.json"
        guard FileManager.default.fileExists(atPath: jsonPath) else {
            let slow = FileManager.default.fileExists(atPath: folder + "/tokenizer.model")
            throw InputError(folder, slow ? "has only tokenizer.model; saescope reads tokenizer.json" : "has no tokenizer.json")
        }
        let json = try TokenizerJSON(path: jsonPath, vocabularySize: vocabularySize)
        let configPath = folder + "/tokenizer_config.json"
        let config = FileManager.default.fileExists(atPath: configPath) ? try JSONConfig(path: configPath) : nil
        var template = try config.flatMap { try Self.chatTemplate($0) }
        if template == nil, let text = try? String(contentsOfFile: folder + "/chat_template.jinja", encoding: .utf8) { template = text }
        func id(ofTokenNamed key: String) throws -> Int? {
            guard let config, config.has(key) else { return nil }
            let name = try config.string(key) ?? (try config.object(key)?.string("content"))
            return name.flatMap { json.tokens.firstIndex(of: $0) }
        }
        var eos = try id(ofTokenNamed: "eos_token")
        let generationPath = folder + "/generation_config.json"
        if FileManager.default.fileExists(atPath: generationPath) {
            let generation = try JSONConfig(path: generationPath)
            let first = try generation.int("eos_token_id") ?? (try generation.array("eos_token_id")?.first as? NSNumber)?.intValue
            if let first, first >= 0, first < json.tokens.count { eos = first }
        }
        self.init(json: json, bosID: try id(ofTokenNamed: "bos_token"), eosID: eos, chatTemplate: template)
    }

    /// `chat_template` as a string, or the one named "default" in a list of named templates.
    private static func chatTemplate(_ config: JSONConfig) throws -> String? {
        guard config.has("chat_template") else { return nil }
        if let text = try? config.string("chat_template") { return text }
        let named = try config.array("chat_template")?.compactMap { $0 as? [String: Any] } ?? []
        return (named.first { $0["name"] as? String == "default" } ?? named.first)?["template"] as? String
    }
}
