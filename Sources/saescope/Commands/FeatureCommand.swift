import ArgumentParser
import Foundation
import SAEKit

/// `saescope feature --dict PATH ID`: one feature's dashboard.
struct FeatureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feature",
        abstract: "Show a feature's dashboard: statistics, label, top examples, promoted and suppressed tokens, histogram.")

    @OptionGroup var options: WorkbenchOptions

    @Argument(help: "The feature id.")
    var id: Int

    @Flag(help: "Print JSON.")
    var json = false

    /// The dashboard from the index, labelled as everything labels it (your name, else an imported explanation, else
    /// the index's label).
    func run() throws {
        let record = try options.open().dashboard(id)
        if json { return try JSONOutput.print(record) }
        print(FeatureDashboardText.render(record))
    }
}
