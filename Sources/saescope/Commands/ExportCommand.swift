import ArgumentParser
import Foundation
import Glibc
import SAEKit

/// `saescope export --dict PATH --format saelens --out DIR`: a dictionary in another library's layout, with its
/// index's labels and examples as JSON.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a dictionary (any format saescope opens) as a SAELens folder, with its index's labels and examples as features.json.",
        discussion: """
            The folder holds cfg.json, sae_weights.safetensors and, with firing statistics, sparsity.safetensors, as \
            SAELens 6 writes them: SAE.load_from_disk reads it back and encodes as saescope does. With a feature index \
            beside the dictionary (or --index), features.json holds every feature's record: label, density, maxima, top \
            tokens, the strongest and quantile examples, and the tokens it promotes and suppresses.
            """)

    /// The layouts written.
    enum Format: String, CaseIterable, ExpressibleByArgument {
        case saelens
    }

    @OptionGroup var options: WorkbenchOptions

    @Option(help: "The layout to write: saelens.")
    var format: Format

    @Option(help: "The folder to write (created if needed; the files in it are replaced).")
    var out: String

    func run() throws {
        let workbench = try options.open()
        let dictionary = workbench.dictionary, index = workbench.index
        // Writing over the dictionary being read would destroy it.
        if URL(fileURLWithPath: out).standardizedFileURL.path == URL(fileURLWithPath: options.dict).standardizedFileURL.path {
            throw InputError("--out", "is the dictionary's own folder; give another")
        }
        // Firing densities come from the index where there is one (its held-out pass), else from the file.
        let statistics = try workbench.overview().map { FeatureStatistics(density: $0.density) } ?? dictionary.statistics
        try SAELensExport.write(dictionary, statistics: statistics, to: out)
        for note in SAELensExport.notes(for: dictionary) { print("note: " + note) }
        print("wrote \(out)/cfg.json, sae_weights.safetensors" + (statistics?.density != nil ? ", sparsity.safetensors" : ""))
        guard let index else { return }
        try writeRecords(of: index, featureCount: dictionary.featureCount, to: out + "/features.json")
        print("wrote \(out)/features.json (\(dictionary.featureCount) features from \(index.path))")
    }

    /// Writes every feature's record as one JSON array, a record at a time, into a temporary file renamed into place.
    func writeRecords(of index: FeatureIndex, featureCount: Int, to path: String) throws {
        let temporary = path + ".partial"
        FileManager.default.createFile(atPath: temporary, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: temporary) else { throw InputError(path, "cannot be written") }
        let encoder = JSONEncoder.sorted, line = ProgressLine()
        handle.write(Data("[".utf8))
        var first = true
        for feature in 0..<featureCount {
            guard let record = try index.feature(feature) else { continue }
            handle.write(Data((first ? "\n" : ",\n").utf8) + (try encoder.encode(record)))
            first = false
            line.update("features.json \(ProgressLine.bar(Double(feature + 1) / Double(featureCount))) \(feature + 1)/\(featureCount)",
                        force: feature + 1 == featureCount, interval: 5)
        }
        handle.write(Data("\n]\n".utf8))
        try handle.close()
        line.finish()
        guard rename(temporary, path) == 0 else { throw InputError(path, "could not be written (\(String(cString: strerror(errno))))") }
    }
}
