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
        let workbench = try openWorkbench()
        // The explorer's own state over the dictionary and its index, as `tui` opens them, so that the peak memory below
        // is the explorer's.
        let opened = try OpenedDictionary(workbench)
        let app = try ExplorerApp(opened, theme: Theme(), effects: .inline)
        let figures = UIBenchmark.run(dictionary: workbench.dictionary, model: opened.activations, steering: opened.steering,
                                      attribution: opened.attribution, width: width, height: height)
        let nameWidth = figures.map(\.name.count).max() ?? 0
        for figure in figures {
            print(figure.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
                  + String(format: "  %8.3f ms  ", figure.milliseconds) + figure.note)
        }
        if workbench.model == nil { print("heatmap and steering: \(workbench.noModelReason ?? "no model")") }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let parts = [opened.activations?.name, "the dictionary", workbench.index.map { _ in "its index" }].compactMap { $0 }
        print(String(format: "peak RSS %.0f MB", Double(usage.ru_maxrss) / 1024) + " with " + parts.joined(separator: ", ")
              + " open (\(app.state.shared.dictionary.featureCount) features)")
    }

    /// The dictionary as `tui` opens it, with the model it was trained on when that is fetched; without --dict a
    /// synthetic 16384 × 576 one read by the default model at blocks.3.hook_resid_post.
    private func openWorkbench() throws -> Workbench {
        if let dict { return try Workbench.open(Workbench.Request(dictionary: dict, modelNeed: .ifAvailable)) }
        let dictionary = SyntheticDictionary.make(architecture: .jumprelu, dIn: 576, dSAE: 16384, seed: 1)
        let opened = try Workbench.openModel(for: dictionary, at: "synthetic", named: nil, hook: "blocks.3.hook_resid_post", need: .ifAvailable)
        return Workbench(path: "synthetic", dictionary: dictionary, model: opened.model, site: opened.site,
                         noModelReason: opened.noModelReason, annotations: try AnnotationStore())
    }
}
