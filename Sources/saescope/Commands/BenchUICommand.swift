import ArgumentParser
import Explorer
import Foundation
import SAEKit

/// `saescope bench ui`: how fast the explorer turns a key into a frame.
struct BenchUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "Key-to-frame time of the explorer at 200×60 (render and diff; no terminal needed).")

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
        let figures = UIBenchmark.run(dictionary: dictionary, width: width, height: height)
        let nameWidth = figures.map(\.name.count).max() ?? 0
        for figure in figures {
            print(figure.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                  + String(format: "  %8.3f ms  ", figure.milliseconds) + figure.note)
        }
        print("heatmap re-encode: needs the model runtime, not in this build")
    }
}
