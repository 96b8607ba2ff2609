import ArgumentParser
import Explorer
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

    @OptionGroup var dictionaryOptions: DictionaryOptions
    @OptionGroup var modelOption: ModelOption

    @Option(help: "The text whose features are wanted.")
    var text: String

    @Option(help: "The text to contrast it with.")
    var than: String

    @Option(help: "Most features to print.")
    var top = 20

    @Option(help: "How a feature's firing over each text is scored: peak (its strongest token) or mean (over all tokens).")
    var by: FeatureSearch.Measure = .peak

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
        let dict = dictionaryOptions.dict
        let dictionary = try dictionaryOptions.load()
        let index = try dictionaryOptions.openIndex(for: dictionary)
        let labels = try FeatureLabels(index: index, featureCount: dictionary.featureCount)
        let maxima = try index?.overview(featureCount: dictionary.featureCount).maxActivation ?? dictionary.statistics?.maxActivation
        let model = try modelOption.load(for: dictionary, source: dict)
        let source = ModelActivationSource(model: model, hook: try dictionary.hookPoint(in: model, source: dict), name: model.fileName)
        func tokens(of text: String, option: String) throws -> [EncodedToken] {
            guard !text.isEmpty else { throw InputError(option, "is empty") }
            return Array(try source.activations(of: text).encoded(through: dictionary).dropFirst())
        }
        let first = try tokens(of: text, option: "--text"), second = try tokens(of: than, option: "--than")
        let ranked = FeatureSearch.firingMore(on: first, than: second, maxActivation: maxima, by: by).prefix(top)
        let peaks = FeatureSearch.peaks(on: first, maxActivation: maxima), peaksThan = FeatureSearch.peaks(on: second, maxActivation: maxima)
        let means = FeatureSearch.means(on: first, maxActivation: maxima), meansThan = FeatureSearch.means(on: second, maxActivation: maxima)
        let rows = ranked.map { feature in
            let peak = peaks[feature] ?? 0, peakThan = peaksThan[feature] ?? 0, mean = means[feature] ?? 0, meanThan = meansThan[feature] ?? 0
            return Row(feature: feature, score: by == .peak ? peak - peakThan : mean - meanThan, peak: peak, peak_than: peakThan,
                       mean: mean, mean_than: meanThan, label: labels.label(of: feature))
        }
        if json { return try JSONOutput.print(["features": rows]) }
        if rows.isEmpty { print("no feature fires on --text more than on --than") }
        print("feature   score   peak  on --than   mean  on --than" + (maxima == nil ? "  (raw activations: no recorded maxima)" : "  (relative to each feature's max)"))
        for row in rows {
            print(String(format: "%7d  %6.3f  %5.3f  %9.3f  %5.3f  %9.3f", row.feature, row.score, row.peak, row.peak_than, row.mean, row.mean_than)
                  + labels.suffix(for: row.feature))
        }
    }
}
