import ArgumentParser
import Foundation
import SAEKit

/// `saescope attribute`: which features at the hook point drive the next token's logit.
struct AttributeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attribute",
        abstract: "Rank the features active at the last position by their effect on a target token's logit (exact ablation and linear estimate).")

    @OptionGroup var options: WorkbenchOptions
    @Option(help: "The prompt.") var prompt: String
    @Flag(help: "Wrap the prompt as a user turn in the model's chat template.") var chat = false
    @Option(help: "The target token's text (default: the model's greedy next token).") var target: String?
    @Option(help: "Most features to print.") var top = 10
    @Flag(help: "Print JSON.") var json = false

    /// The JSON document.
    struct Output: Encodable {
        var target: String
        var target_id: Int
        var target_logit: Float
        var rank_agreement: Double
        var features: [Row]
    }

    /// One feature in the JSON output.
    struct Row: Encodable {
        var feature: Int
        var activation: Float
        var exact: Float
        var linear: Float
        var label: String?
    }

    func run() throws {
        let workbench = try options.open(model: .required)
        let labels = try workbench.labels()
        let tokenizer = try workbench.requireModel().model.tokenizer
        let ids = try tokenizer.promptIDs(prompt, chat: chat)
        guard !ids.isEmpty else { throw InputError("--prompt", "is empty") }
        let answer = try workbench.attribute(ids, at: ids.count - 1, target: target.map { .typed($0) } ?? .prediction)
        let attribution = answer.features, targetID = attribution.target
        let shown = Array(attribution.entries.prefix(top))
        if json {
            return try JSONOutput.print(Output(target: tokenizer.text(of: targetID), target_id: targetID, target_logit: attribution.targetLogit,
                                               rank_agreement: attribution.rankAgreement,
                                               features: shown.map { Row(feature: $0.feature, activation: $0.activation, exact: $0.exact,
                                                                         linear: $0.linear, label: labels.label(of: $0.feature)) }))
        }
        print("target \(AutoLabel.visible(tokenizer.text(of: targetID))) (id \(targetID)), logit \(String(format: "%.3f", attribution.targetLogit))")
        print("feature   activation     exact    linear")
        for e in shown {
            print(String(format: "%7d   %10.3f  %+8.3f  %+8.3f", e.feature, e.activation, e.exact, e.linear) + labels.suffix(for: e.feature))
        }
        print(String(format: "rank agreement (Spearman) of exact and linear over %d active features: %.3f", attribution.entries.count, attribution.rankAgreement))
    }
}
