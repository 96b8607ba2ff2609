import ArgumentParser
import Foundation
import SAEKit

/// `saescope activations`: the residual stream at a hook for every token of a text, as a float32 .npy file.
struct ActivationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "activations",
                                                    abstract: "Write the residual stream at a hook point to a .npy file.")

    @OptionGroup var modelOption: ModelOption
    @Option(help: "The hook point, e.g. blocks.3.hook_resid_post.") var hook: String
    @Option(help: "The text to run (special tokens such as <|im_start|> are parsed).") var text: String
    @Option(help: "Output .npy file, float32 [n_tokens, width at the hook].") var out: String
    @Option(help: "Also write the logits, float32 [n_tokens, vocabulary].") var logits: String?

    func run() throws {
        let model = try modelOption.load()
        let point = try HookPoint(name: hook, layerCount: model.config.layerCount)
        let ids = model.tokenizer.textIDs(text)
        guard !ids.isEmpty else { throw InputError("--text", "gives no tokens") }
        guard ids.count <= model.config.contextLength else {
            throw InputError("--text", "is \(ids.count) tokens; the model's context holds \(model.config.contextLength)")
        }
        let session = ModelSession(model: model)
        var captured: [Float] = []
        session.addHook(at: point) { residual, _ in captured = residual.toArray() }
        if let logits {
            let result = try session.forward(ids, logits: .all)
            try write(NPYArray.float32File(shape: [result.rows, result.cols], values: UnsafeBufferPointer(result.buffer)), to: logits)
        } else {
            try session.runPartially(batch: [.init(lane: 0, tokens: ids)], through: point.layer)
        }
        try write(NPYArray.float32File(shape: [ids.count, point.width(in: model.config)], values: captured.withUnsafeBufferPointer { $0 }), to: out)
    }

    private func write(_ data: Data, to path: String) throws {
        do { try data.write(to: URL(fileURLWithPath: path)) } catch { throw InputError(path, "cannot write: \(error.localizedDescription)") }
    }
}
