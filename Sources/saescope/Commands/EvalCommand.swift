import ArgumentParser
import Foundation
import SAEKit

/// `saescope eval`: splice quality — cross-entropy clean, spliced and zero-ablated, loss recovered, KL, FVE, L0.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure how well a dictionary stands in for the model's activations (loss recovered, KL, FVE, L0).")

    @OptionGroup var dictionaryOptions: DictionaryOptions
    @OptionGroup var modelOption: ModelOption
    @Option(help: "Text to score: a plain-text file or a corpus .jsonl file.") var textFile: String
    @Option(help: "Most tokens to read.") var tokens = 32_768
    @Option(help: "Tokens per context.") var context = 128
    @Flag(help: "Print JSON with keys ce_clean, ce_spliced, ce_zero_ablated, ce_loss_recovered, kl, fve, l0, tokens.") var json = false

    func run() throws {
        guard tokens >= context, context >= 3 else { throw InputError("--tokens", "must be at least one context (--context ≥ 3)") }
        let dict = dictionaryOptions.dict
        let dictionary = try dictionaryOptions.load()
        let model = try modelOption.load(for: dictionary, source: dict)
        let site = try dictionary.site(in: model, source: dict)
        let contexts = TokenContexts.make(try TokenContexts.documents(fromFile: textFile), tokenizer: model.tokenizer,
                                          length: context, limit: tokens / context)
        guard !contexts.isEmpty else { throw InputError(textFile, "holds fewer than \(context) tokens") }
        let line = ProgressLine()
        let result = try SpliceEvaluation.run(model: model, dictionary: dictionary, site: site, contexts: contexts) { done, total in
            line.update("\(ProgressLine.bar(Double(done) / Double(total))) context \(done)/\(total)", force: done == total, interval: 15)
        }
        line.finish()
        // The figures go into the dictionary's index too, where the explorer's overview shows them.
        if let index = try dictionaryOptions.openIndex(for: dictionary) {
            let figures = String(decoding: try JSONEncoder.sorted.encode(result), as: UTF8.self)
            let date = ISO8601DateFormatter().string(from: Date())
            try FeatureIndexWriter.record([FeatureIndex.evalKey: figures, FeatureIndex.evalTextKey: URL(fileURLWithPath: textFile).lastPathComponent,
                                           FeatureIndex.evalDateKey: date], inIndexAt: index.path)
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
