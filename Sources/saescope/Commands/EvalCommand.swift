import ArgumentParser
import Foundation
import SAEKit

/// `saescope eval`: splice quality — cross-entropy clean, spliced and zero-ablated, loss recovered, KL, FVE, L0.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure how well a dictionary stands in for the model's activations (loss recovered, KL, FVE, L0).")

    @OptionGroup var options: WorkbenchOptions
    @Option(help: "Text to score: a plain-text file or a corpus .jsonl file.") var textFile: String
    @Option(help: "Most tokens to read.") var tokens = 32_768
    @Option(help: "Tokens per context.") var context = 128
    @Flag(help: "Also write the figures into the dictionary's feature index, for an index being built to ship (the sample's); otherwise they are kept in your own data folder.")
    var recordInIndex = false
    @Flag(help: "Print JSON with keys ce_clean, ce_spliced, ce_zero_ablated, ce_loss_recovered, kl, fve, l0, tokens.") var json = false

    /// Measures the splice, keeps the figures for the explorer's overview, and prints them.
    func run() throws {
        guard tokens >= context, context >= 3 else { throw InputError("--tokens", "must be at least one context (--context ≥ 3)") }
        let workbench = try options.open(model: .required)
        let model = try workbench.requireModel().model
        // An index asked to record the figures must be there before the run, not found missing after it.
        let index = recordInIndex ? try workbench.requireIndex() : nil
        if workbench.annotations == nil {
            FileHandle.standardError.write(Data("saescope: warning: your data folder cannot be opened (\(Paths.data("annotations.sqlite"))), so these figures are not kept for the overview\n".utf8))
        }
        let contexts = TokenContexts.make(try TokenContexts.documents(fromFile: textFile), tokenizer: model.tokenizer,
                                          length: context, limit: tokens / context)
        guard !contexts.isEmpty else { throw InputError(textFile, "holds fewer than \(context) tokens") }
        let line = ProgressLine()
        let textName = URL(fileURLWithPath: textFile).lastPathComponent
        let result = try workbench.evaluate(contexts, text: textName) { done, total in
            line.update("\(ProgressLine.bar(Double(done) / Double(total))) context \(done)/\(total)", force: done == total, interval: 15)
        }
        line.finish()
        if let index {
            let figures = String(decoding: try JSONEncoder.sorted.encode(result), as: UTF8.self)
            try FeatureIndexWriter.record([FeatureIndex.evalKey: figures, FeatureIndex.evalTextKey: textName,
                                           FeatureIndex.evalDateKey: ISO8601DateFormatter().string(from: Date())], inIndexAt: index.path)
            FileHandle.standardError.write(Data("saescope: recorded these figures in \(index.path)\n".utf8))
        }
        if json { return try JSONOutput.print(result) }
        print(String(format: """
            tokens scored        %d
            CE clean             %.4f
            CE spliced           %.4f
            CE zero-ablated      %.4f
            loss recovered       %.2f%%
            KL(clean‖spliced)    %.4f
            FVE                  %.4f
            L0                   %.1f
            """, result.tokens, result.ce_clean, result.ce_spliced, result.ce_zero_ablated, result.ce_loss_recovered * 100,
                         result.kl, result.fve, result.l0))
    }
}
