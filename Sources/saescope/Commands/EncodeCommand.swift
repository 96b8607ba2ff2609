import ArgumentParser
import Foundation
import SAEKit
import TermKit

/// `saescope encode --dict PATH --activations FILE.npy`: the top features of every row.
struct EncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Encode activations (a float32 .npy matrix [n, d_in]) or text (run through the model) and print the top features per row.")

    @OptionGroup var options: WorkbenchOptions

    @Option(help: "A .npy matrix [n, d_in] of activations.")
    var activations: String?

    @Option(help: "Text to run through the model (special tokens such as <|im_start|> are parsed; a text beyond the model's context is cut there, with a warning); one row per token.")
    var text: String?

    @Option(help: "How many features to print per row.")
    var top = 10

    @Flag(help: "Print JSON: {\"rows\": [[{\"feature\": 12, \"activation\": 3.5}, ...], ...]}.")
    var json = false

    /// One active feature in the JSON output (with the row's token text when encoding text).
    struct Entry: Encodable {
        var feature: Int
        var activation: Float
        var token: String?
        var label: String?
    }

    /// The JSON document.
    struct Output: Encodable {
        var rows: [[Entry]]
    }

    func validate() throws {
        guard top > 0 else { throw ValidationError("--top must be at least 1") }
        guard (activations == nil) != (text == nil) else { throw ValidationError("give exactly one of --activations and --text") }
    }

    func run() throws {
        let workbench = try options.open(model: text == nil ? .none : .required)
        let labels = try workbench.labels()
        let (x, tokens) = try inputs(of: workbench)
        let codes = workbench.dictionary.encode(x)
        let rows = (0..<codes.rowCount).map { r in
            codes.row(r).prefix(top).map { Entry(feature: $0.feature, activation: $0.value, token: tokens?[r], label: labels.label(of: $0.feature)) }
        }
        if json { return try JSONOutput.print(Output(rows: rows)) }
        for (r, row) in rows.enumerated() {
            let text = row.map { entry in
                String(format: "%d (%.3f)", entry.feature, entry.activation) + (entry.label.map { " " + $0 } ?? "")
            }.joined(separator: ", ")
            let label = tokens.map { "\(r) \(AutoLabel.visible($0[r]))" } ?? "row \(r)"
            print(DisplayWidth.visibleText("\(label): \(text.isEmpty ? "no active features" : text)"))
        }
    }

    /// The rows to encode, and their token texts when they come from text.
    private func inputs(of workbench: Workbench) throws -> (Matrix, [String]?) {
        if let activations {
            let x = try NPYFile.readMatrix(activations)
            guard x.cols == workbench.dictionary.dIn else {
                throw InputError(activations, "rows have \(x.cols) values but the dictionary's d_in is \(workbench.dictionary.dIn)")
            }
            return (x, nil)
        }
        let read = try workbench.activations(of: text ?? "")
        guard !read.ids.isEmpty else { throw InputError("--text", "is empty") }
        if let full = read.fullLength {
            FileHandle.standardError.write(Data("saescope: warning: --text is \(full) tokens; the model's context holds \(read.ids.count), so only those are encoded\n".utf8))
        }
        let tokenizer = try workbench.requireModel().model.tokenizer
        return (read.activations, read.ids.map { tokenizer.text(of: $0) })
    }
}
