import Foundation
import SAEKit

/// What `saescope info` says of a GGUF model: its family and shape, its tokenizer and the hook points saescope runs
/// in it. Opening the model checks every tensor the forward pass needs, so a file it prints is one saescope runs.
struct ModelInfo: Encodable {
    var path: String
    var architecture: String
    var family: String
    var layers: Int
    var width: Int
    var heads: Int
    var kv_heads: Int
    var head_dim: Int
    var ffn: Int
    var context: Int
    var vocabulary: Int
    var tokenizer: String
    var bos_first: Bool
    var chat_template: Bool
    var local_layers: [Int]
    var sliding_window: Int?
    var tensor_types: [String: Int]
    var hooks: [String]

    /// Opens the model at `path` (an `InputError` when saescope cannot run it).
    init(path: String) throws {
        let model = try LanguageModel(path: path)
        let c = model.config, t = model.tokenizer
        self.path = path
        architecture = c.architecture.rawValue
        family = c.architecture.summary
        layers = c.layerCount
        width = c.modelDim
        heads = c.headCount
        kv_heads = c.kvHeadCount
        head_dim = c.headDim
        ffn = c.ffnDim
        context = c.contextLength
        vocabulary = c.vocabularySize
        tokenizer = t.algorithm
        bos_first = t.addsBOS
        chat_template = t.hasChatTemplate
        local_layers = (0..<c.layerCount).filter(c.design.isLocal)
        sliding_window = c.design.slidingWindow
        tensor_types = Dictionary(model.source.tensors.map { ($0.type.description, 1) }, uniquingKeysWith: +)
        hooks = HookPoint.Kind.allCases.map { "blocks.{0…\(c.layerCount - 1)}.\($0.rawValue)" }
    }

    /// Prints the report as JSON or as aligned lines.
    func print(json: Bool) throws {
        if json { return try JSONOutput.print(self) }
        let types = tensor_types.sorted { $0.value > $1.value }.map { "\($0.value) × \($0.key)" }.joined(separator: ", ")
        var lines: [(String, String)] = [
            ("path", path), ("architecture", architecture), ("family", family),
            ("shape", "\(layers) layers, width \(width), \(heads) query heads and \(kv_heads) key/value heads of \(head_dim), feed-forward \(ffn)"),
            ("context", "\(context) positions"),
            ("tokenizer", "\(tokenizer), \(vocabulary) tokens\(bos_first ? ", BOS first" : "")"),
            ("chat template", chat_template ? "yes (ChatML)" : "none (prompts are plain text)"),
            ("tensors", types),
            ("hook points", hooks.joined(separator: ", ")),
        ]
        if let window = sliding_window {
            lines.insert(("attention", "layers \(local_layers.map(String.init).joined(separator: " ")) see the last \(window) positions; the rest see all"), at: 4)
        }
        KeyValueTable.print(lines)
    }
}
