import ArgumentParser
import Explorer
import Foundation
import SAEKit

/// `saescope bench ui`: how fast the explorer turns a key into a frame.
struct BenchUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "Key-to-frame time of the explorer at 200×60 (render and diff; no terminal needed), and the heatmap "
            + "re-encode and a steering run through the fetched model.")

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
        let figures = UIBenchmark.run(dictionary: dictionary, model: engine?.activations, steering: engine?.steering,
                                      attribution: engine?.attribution, width: width, height: height)
        let nameWidth = figures.map(\.name.count).max() ?? 0
        for figure in figures {
            print(figure.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                  + String(format: "  %8.3f ms  ", figure.milliseconds) + figure.note)
        }
        if engine == nil { print("heatmap and steering: no model (saescope model fetch), or it does not fit the dictionary") }
    }

    /// The fetched default model reading and steering the dictionary's hook point (blocks.3.hook_resid_post for the
    /// synthetic one), or nil when it is not fetched or does not fit.
    func modelEngine(for dictionary: SparseDictionary) throws
        -> (activations: ActivationSource, steering: SteeringSource, attribution: AttributionSource)? {
        guard ModelStore.isInstalled(ModelStore.defaultModel) else { return nil }
        let path = ModelStore.defaultModelPath()
        let llama = try LanguageModel(path: path)
        let override = dictionary.config.hookName == nil ? "blocks.3.hook_resid_post" : nil
        guard let hook = try? dictionary.hookPoint(in: llama, source: dict ?? "synthetic", override: override) else { return nil }
        return (ModelActivationSource(model: llama, hook: hook, name: "SmolLM2-135M-Instruct"),
                ModelSteeringSource(model: llama, dictionary: dictionary, hook: hook),
                ModelAttributionSource(model: llama, dictionary: dictionary, hook: hook))
    }
}
