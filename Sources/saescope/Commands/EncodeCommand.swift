import ArgumentParser
import Foundation
import SAEKit

/// `saescope encode --dict PATH --activations FILE.npy`: the top features of every row.
struct EncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Encode activations (rows of a float32 .npy matrix [n, d_in]) and print the top features per row.")

    @Option(help: "The dictionary (folder, .npz or .safetensors).")
    var dict: String

    @Option(help: "A .npy matrix [n, d_in] of activations.")
    var activations: String

    @Option(help: "How many features to print per row.")
    var top = 10

    @Flag(help: "Print JSON: {\"rows\": [[{\"feature\": 12, \"activation\": 3.5}, ...], ...]}.")
    var json = false

    /// One active feature in the JSON output.
    struct Entry: Encodable {
        var feature: Int
        var activation: Float
    }

    /// The JSON document.
    struct Output: Encodable {
        var rows: [[Entry]]
    }

    func validate() throws {
        guard top > 0 else { throw ValidationError("--top must be at least 1") }
    }

    func run() throws {
        let dictionary = try DictionaryLoader.load(dict)
        let x = try NPYFile.readMatrix(activations)
        guard x.cols == dictionary.dIn else {
            throw InputError(activations, "rows have \(x.cols) values but the dictionary's d_in is \(dictionary.dIn)")
        }
        let codes = dictionary.encode(x)
        let rows = (0..<codes.rowCount).map { r in codes.row(r).prefix(top).map { Entry(feature: $0.feature, activation: $0.value) } }
        if json { return try JSONOutput.print(Output(rows: rows)) }
        for (r, row) in rows.enumerated() {
            let text = row.map { String(format: "%d (%.3f)", $0.feature, $0.activation) }.joined(separator: ", ")
            print("row \(r): \(text.isEmpty ? "no active features" : text)")
        }
    }
}
