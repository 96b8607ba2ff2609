import ArgumentParser
import Explorer
import Foundation
import SAEKit
import TermKit

/// `saescope bench ui`: how fast the explorer turns a key into a frame.
struct BenchUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "Key-to-frame time of the explorer at 200×60 (render and diff; no terminal needed), the heatmap "
            + "re-encode, a steering run and an attribution through the dictionary's model, and the peak memory of it all.")

    @Option(help: "A dictionary to browse (default: a synthetic 16384 × 576 one).")
    var dict: String?

    @Option(help: "Screen width.")
    var width = 200

    @Option(help: "Screen height.")
    var height = 60

    /// Rejects empty screens.
    func validate() throws {
        guard width > 0, height > 0 else { throw ValidationError("--width and --height must be positive") }
    }

    /// Loads or makes the dictionary, runs the benchmark, prints one line per figure.
    func run() throws {
        let dictionary = try dict.map(DictionaryLoader.load)
            ?? SyntheticDictionary.make(architecture: .jumprelu, dIn: 576, dSAE: 16384, seed: 1)
        let engine = try modelEngine(for: dictionary)
        // The explorer's own state over the dictionary and its index, as `tui` opens them, so that the peak memory below
        // is the explorer's.
        let index = try dict.flatMap { try DictionaryOptions.openIndex(at: nil, beside: $0, for: dictionary, force: false).index }
        let app = try ExplorerApp(OpenedDictionary(dictionary, name: "bench", index: index, activations: engine?.activations,
                                                   steering: engine?.steering, attribution: engine?.attribution),
                                  theme: Theme(), effects: .inline)
        let figures = UIBenchmark.run(dictionary: dictionary, model: engine?.activations, steering: engine?.steering,
                                      attribution: engine?.attribution, width: width, height: height)
        let nameWidth = figures.map(\.name.count).max() ?? 0
        for figure in figures {
            print(figure.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                  + String(format: "  %8.3f ms  ", figure.milliseconds) + figure.note)
        }
        if engine == nil { print("heatmap and steering: no model (saescope model fetch), or it does not fit the dictionary") }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let opened = [engine.map { _ in engine?.activations.name ?? "" }, "the dictionary", index.map { _ in "its index" }].compactMap { $0 }
        print(String(format: "peak RSS %.0f MB", Double(usage.ru_maxrss) / 1024) + " with " + opened.joined(separator: ", ")
              + " open (\(app.state.shared.dictionary.featureCount) features)")
    }

    /// The model the dictionary was trained on (by name and width, as `tui` picks it; the default one for the
    /// synthetic dictionary, at blocks.3.hook_resid_post) reading and steering its hook point, or nil when it is not
    /// fetched or does not fit.
    func modelEngine(for dictionary: SparseDictionary) throws
        -> (activations: ActivationSource, steering: SteeringSource, attribution: AttributionSource)? {
        guard let path = dict == nil ? (ModelStore.isInstalled(ModelStore.defaultModel) ? ModelStore.defaultModelPath() : nil)
                : try? ModelChoice.for(dIn: dictionary.dIn, modelName: dictionary.config.modelName, hook: dictionary.config.hookName).path(source: dict ?? "") else { return nil }
        let llama = try LanguageModel(path: path)
        let override = dictionary.config.hookName == nil ? "blocks.3.hook_resid_post" : nil
        guard let site = try? dictionary.site(in: llama, source: dict ?? "synthetic", override: override) else { return nil }
        return (ModelActivationSource(model: llama, hook: site.read, name: URL(fileURLWithPath: llama.fileName).deletingPathExtension().lastPathComponent),
                ModelSteeringSource(model: llama, dictionary: dictionary, site: site),
                ModelAttributionSource(model: llama, dictionary: dictionary, site: site))
    }
}
