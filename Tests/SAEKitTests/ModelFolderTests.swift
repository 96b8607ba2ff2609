import Foundation
import Testing
import SAEKit

/// Hugging Face model folders as transformers saves them (`Tests/make_model_folders.py`: F32, F16 and BF16, single
/// and sharded weights, tied and untied heads, no GGUF and no tokenizer.model), opened with no conversion: the
/// tokenizer held to the `tokenizers` library's ids and decoding, every hook and logit to transformers' float forward
/// pass, the matrices left in the mapped files, and what saescope does not run refused with one line.
@Suite struct ModelFolderTests {
    /// gemma3mm: Gemma 3 saved as its larger checkpoints are (Gemma3ForConditionalGeneration, a vision tower beside);
    /// llama2: a Llama with Llama 2's tokenizer.json (Prepend normalizer, Strip decoder).
    static let families = ["gpt2", "gptneox", "llama3", "qwen2", "qwen3", "gemma2", "gemma3", "gemma3mm", "llama2"]
    static let architectures: [String: ModelArchitecture] = ["gpt2": .gpt2, "gptneox": .gptneox, "llama3": .llama, "qwen2": .qwen2,
                                                             "qwen3": .qwen3, "gemma2": .gemma2, "gemma3": .gemma3,
                                                             "gemma3mm": .gemma3, "llama2": .llama]

    static func folder(_ family: String) -> String { Fixtures.path("folders/\(family)/model") }

    static func model(_ family: String) throws -> LanguageModel { try LanguageModel(path: folder(family)) }

    @Test(arguments: families) func readsTheFamily(_ family: String) throws {
        let model = try Self.model(family)
        #expect(model.source is ModelFolder)
        #expect(model.config.architecture == Self.architectures[family])
        #expect(model.config.modelDim == 32)
        #expect(model.config.design.rotaryPairs == .halves)
    }

    @Test(arguments: families) func tokenizesAsTheTokenizersLibrary(_ family: String) throws {
        let tokenizer = try Self.model(family).tokenizer
        let reference = try TransformersReference(directory: "folders/\(family)").json()
        for case let entry as [String: Any] in reference["tokenizer"] as! [Any] {
            let text = entry["text"] as! String
            // The library puts its BOS before a text that starts with one; saescope does not double it.
            var ids = entry["ids"] as! [Int]
            if ids.count > 1, ids[0] == tokenizer.bosID, ids[1] == tokenizer.bosID { ids.removeFirst() }
            #expect(tokenizer.textIDs(text) == ids, "\(family): \(text.debugDescription)")
            let plain = tokenizer.encode(text, special: true)
            #expect(plain == entry["plain_ids"] as! [Int], "\(family) without the template: \(text.debugDescription)")
            #expect(tokenizer.decode(plain, special: true) == entry["decoded"] as! String, "\(family) decoded: \(text.debugDescription)")
        }
    }

    @Test(arguments: families) func matchesTransformers(_ family: String) throws {
        try TransformersReference(directory: "folders/\(family)").check(try Self.model(family), label: family)
    }

    /// F16 and BF16 matrices are views of the mapped weight files; only norms, biases and reordered tensors are copied.
    @Test func leavesMatricesInTheMappedFiles() throws {
        for family in ["llama3", "gemma3", "gptneox"] {
            let model = try Self.model(family)
            let query = try #require(model.source.tensorIfPresent("blk.0.attn_output.weight"))
            #expect(query.owner is MappedFile && query.type != .f32, "\(family)")
            #expect(model.source.tensorIfPresent("blk.0.attn_norm.weight")?.type == .f32)
        }
        let neox = try Self.model("gptneox")
        #expect(try #require(neox.source.tensorIfPresent("blk.0.attn_qkv.weight")).owner is OwnedBytes)
    }

    /// A copy of the `family` fixture folder whose config.json has `edit` applied, opened; the error's message.
    static func refusal(_ family: String, _ edit: (inout [String: Any]) -> Void) throws -> String {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("folder-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: folder(family), toPath: scratch)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scratch + "/config.json"))) as! [String: Any]
        edit(&config)
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: scratch + "/config.json"))
        do {
            _ = try LanguageModel(path: scratch)
        } catch let error as InputError {
            return error.message
        }
        Issue.record("\(family): the edited folder opened")
        return ""
    }

    @Test func refusesWhatItDoesNotRun() throws {
        #expect(try Self.refusal("llama3") { $0["model_type"] = "mistral" }.contains("model_type 'mistral' is not supported"))
        #expect(try Self.refusal("llama3") { $0["quantization_config"] = ["quant_method": "gptq"] }.contains("quantized checkpoint"))
        #expect(try Self.refusal("llama3") { $0["hidden_act"] = "relu" }.contains("hidden_act 'relu'"))
        #expect(try Self.refusal("llama3") { $0["rope_scaling"] = ["rope_type": "yarn", "factor": 4.0] }.contains("rope type 'yarn'"))
        #expect(try Self.refusal("gemma3") { $0["sliding_window_pattern"] = 4 }.contains("sliding_window_pattern 4"))
        #expect(try Self.refusal("gemma3") { $0["query_pre_attn_scalar"] = 3 }.contains("query_pre_attn_scalar"))
        #expect(try Self.refusal("qwen2") { $0["tie_word_embeddings"] = false }.contains("no lm_head.weight"))
    }

    /// transformers 5 writes `rope_parameters` in place of `rope_theta`/`rope_scaling`; both read the same.
    @Test func readsTheNewerRopeParameters() throws {
        let older = try Self.model("llama3")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("folder-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: Self.folder("llama3"), toPath: scratch)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: scratch + "/config.json"))) as! [String: Any]
        var parameters = config.removeValue(forKey: "rope_scaling") as! [String: Any]
        parameters["rope_theta"] = config.removeValue(forKey: "rope_theta")
        config["rope_parameters"] = parameters
        try JSONSerialization.data(withJSONObject: config).write(to: URL(fileURLWithPath: scratch + "/config.json"))
        let newer = try LanguageModel(path: scratch)
        #expect(newer.config == older.config)
        #expect(newer.config.design.ropeFrequencyFactors != nil)
    }
}
