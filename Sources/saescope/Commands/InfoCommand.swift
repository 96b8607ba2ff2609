import ArgumentParser
import SAEKit

/// `saescope info PATH`: what a dictionary file is, without loading its weights, or what a model is (a GGUF file, a
/// Hugging Face model folder, or `hf://ORG/NAME`).
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe a dictionary (format, architecture, sizes, hook point, dead features) or a model (family, shape, tokenizer).")

    @Argument(help: "A dictionary (SAELens or sparsify folder, Gemma Scope folder or params.npz, saescope .safetensors; or hf://ORG/REPO/PATH) or a model (.gguf, a Hugging Face model folder, or hf://ORG/NAME).")
    var path: String

    @Flag(help: "Print JSON.")
    var json = false

    /// What a transcoder writes.
    struct TranscoderSummary: Encodable {
        var d_out: Int
        var hook_name_out: String?
        var skip_connection: Bool
    }

    /// The fields printed, in JSON and as text.
    struct Report: Encodable {
        var path: String
        var format: String
        var architecture: String
        var d_in: Int
        var d_sae: Int
        var dtype: String
        var hook_name: String?
        /// A transcoder's output: where its reconstruction goes, its width and whether it has a skip connection.
        var transcoder: TranscoderSummary?
        var model: String?
        var k: Int?
        var threshold: ThresholdSummary?
        var apply_b_dec_to_input: Bool
        var normalize_activations: String
        var dead_fraction: Double?
        var notes: [String]
    }

    /// Minimum, median and maximum of JumpReLU thresholds.
    struct ThresholdSummary: Encodable {
        var min: Float
        var median: Float
        var max: Float
    }

    /// The fraction of features that never fired in the feature index next to the dictionary, when there is one.
    private func indexDeadFraction() -> Double? {
        let indexPath = FeatureIndex.defaultPath(forDictionary: path)
        guard FileManager.default.fileExists(atPath: indexPath), let index = try? FeatureIndex(path: indexPath),
              let count = try? index.featureCount(), count > 0,
              let overview = try? index.overview(featureCount: count) else { return nil }
        return Double(overview.density.filter { $0 == 0 }.count) / Double(count)
    }

    func run() throws {
        if path.hasSuffix(".gguf") || ModelFolder.isFolder(path) { return try ModelInfo(path: path).print(json: json) }
        if let name = try HubName.parse(path, argument: "PATH"), name.path == nil {
            return try ModelInfo(path: try ModelStore.resolve(path)).print(json: json)
        }
        // A dictionary on the Hub that is not cached is described from its config and weights' headers alone.
        let file = try DictionaryLoader.describe(path) ?? DictionaryLoader.open(path)
        let config = file.config
        let indexDead = indexDeadFraction()
        let threshold = file.thresholds.map { values -> ThresholdSummary in
            let sorted = values.sorted()
            return ThresholdSummary(min: sorted.first ?? 0, median: sorted.isEmpty ? 0 : sorted[sorted.count / 2], max: sorted.last ?? 0)
        }
        let report = Report(path: path, format: config.format.rawValue, architecture: config.architecture.rawValue,
                            d_in: config.dIn, d_sae: config.dSAE, dtype: config.storedType, hook_name: config.hookName,
                            transcoder: config.isTranscoder ? TranscoderSummary(d_out: config.dOut, hook_name_out: config.outputHookName,
                                                                                skip_connection: file.hasSkipConnection) : nil,
                            model: config.modelName, k: config.k, threshold: threshold,
                            apply_b_dec_to_input: config.applyDecoderBiasToInput,
                            normalize_activations: config.normalization.rawValue,
                            dead_fraction: indexDead ?? file.statistics?.deadFraction, notes: config.notes)
        if json { return try JSONOutput.print(report) }
        var lines: [(String, String)] = [
            ("path", path), ("format", report.format),
            ("architecture", report.architecture + (report.k.map { " (k = \($0))" } ?? "")),
            ("d_in", String(report.d_in)), ("d_sae", String(report.d_sae)), ("dtype", report.dtype),
            ("hook point", report.hook_name ?? "unknown"), ("model", report.model ?? "unknown"),
        ]
        if let t = report.transcoder {
            lines.append(("transcoder", "writes \(t.hook_name_out ?? "an unnamed hook") (d_out \(t.d_out)); skip connection: \(t.skip_connection ? "yes" : "no")"))
        }
        lines += [
            ("input", "b_dec subtracted: \(report.apply_b_dec_to_input ? "yes" : "no"); normalisation: \(report.normalize_activations)"),
        ]
        if let t = threshold { lines.append(("thresholds", "min \(t.min), median \(t.median), max \(t.max)")) }
        if let dead = report.dead_fraction {
            let source = indexDead != nil ? "the feature index's held-out pass"
                : "the file's statistics" + (file.statistics?.source.map { " on " + $0 } ?? "")
            lines.append(("dead features", String(format: "%.2f%% (never fired, from %@)", dead * 100, source)))
        } else {
            lines.append(("dead features", "unknown (the file carries no firing statistics)"))
        }
        for note in report.notes { lines.append(("note", note)) }
        KeyValueTable.print(lines)
    }
}

import Foundation
