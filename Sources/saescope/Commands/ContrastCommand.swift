import ArgumentParser
import Foundation
import SAEKit

/// `saescope contrast --dict PATH --text A --than B`: contrastive search by text.
struct ContrastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contrast",
        abstract: "The features that fire on one text and not on another, most contrasting first (the explorer's Ctrl-K, then Ctrl-F).",
        discussion: "Each feature's peak over a text (or with --by mean, its mean over the text's tokens) is taken relative to "
            + "its recorded maximum (from the index or the file); the score is that on --text less that on --than, and features "
            + "that score as high on --than are left out. --by mean favours features that fire throughout a text (its topic or "
            + "style, what steering wants) over those that fire strongly on one word. "
            + "The first token of each text (the attention sink) is left out, as in the explorer.")

    @OptionGroup var options: WorkbenchOptions

    @Option(help: "The text whose features are wanted.")
    var text: String

    @Option(help: "The text to contrast it with.")
    var than: String

    @Option(help: "Most features to print.")
    var top = 20

    @Option(help: "How a feature's firing over each text is scored: peak (its strongest token) or mean (over all tokens).")
    var by: FiringRanking.Measure = .peak

    @Flag(help: "Print JSON: {\"features\": [{\"feature\", \"score\", \"peak\", \"peak_than\", \"mean\", \"mean_than\", \"label\"}, ...]}.")
    var json = false

    /// One feature in the JSON output: the score, and its peaks and means (relative to its maximum) on the two texts.
    struct Row: Encodable {
        var feature: Int
        var score: Float
        var peak: Float
        var peak_than: Float
        var mean: Float
        var mean_than: Float
        var label: String?
    }

    func validate() throws {
        guard top > 0 else { throw ValidationError("--top must be at least 1") }
    }

    func run() throws {
        let workbench = try options.open(model: .required)
        let labels = try workbench.labels()
        let hasMaxima = try workbench.maxActivation() != nil
        let rows = try workbench.contrast(text, than: than, by: by).prefix(top).map {
            Row(feature: $0.feature, score: $0.score, peak: $0.peak, peak_than: $0.peakThan, mean: $0.mean, mean_than: $0.meanThan,
                label: labels.label(of: $0.feature))
        }
        if json { return try JSONOutput.print(["features": rows]) }
        if rows.isEmpty { print("no feature fires on --text more than on --than") }
        print("feature   score   peak  on --than   mean  on --than" + (hasMaxima ? "  (relative to each feature's max)" : "  (raw activations: no recorded maxima)"))
        for row in rows {
            print(String(format: "%7d  %6.3f  %5.3f  %9.3f  %5.3f  %9.3f", row.feature, row.score, row.peak, row.peak_than, row.mean, row.mean_than)
                  + labels.suffix(for: row.feature))
        }
    }
}
