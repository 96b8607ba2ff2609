import ArgumentParser
import SAEKit
import Explorer
import TermKit

/// The engine's and the render layer's option values, read straight from the command line (they cannot import
/// ArgumentParser themselves).
extension SteeringMethod: ExpressibleByArgument {}

extension FeatureSearch.Measure: ExpressibleByArgument {}

extension EditSpan: ExpressibleByArgument {
    /// `all`, `prompt`, `generated` or `A:B`.
    public init?(argument: String) { try? self.init(parsing: argument) }

    public var defaultValueDescription: String { text }

    public static var allValueStrings: [String] { ["all", "prompt", "generated", "A:B"] }
}

extension ColorDepth: ExpressibleByArgument {
    /// truecolor, 256, 16, 8 or mono.
    public init?(argument: String) {
        guard let depth = ExplorerSettings.depth(named: argument) else { return nil }
        self = depth
    }

    public static var allValueStrings: [String] { ["truecolor", "256", "16", "8", "mono"] }
}

/// The objectives `saescope train --objective` takes.
enum ObjectiveName: String, CaseIterable, ExpressibleByArgument {
    case topk
    case reluL1 = "relu-l1"
}
