import ArgumentParser
import SAEKit

/// The engine's and the render layer's option values, read straight from the command line (they cannot import
/// ArgumentParser themselves).
extension SteeringMode: ExpressibleByArgument {}

extension FiringRanking.Measure: ExpressibleByArgument {}

extension EditSpan: ExpressibleByArgument {
    /// `all`, `prompt`, `generated` or `A:B`.
    public init?(argument: String) { try? self.init(parsing: argument) }

    public var defaultValueDescription: String { text }

    public static var allValueStrings: [String] { ["all", "prompt", "generated", "A:B"] }
}

/// The objectives `saescope train --objective` takes.
enum ObjectiveName: String, CaseIterable, ExpressibleByArgument {
    case topk
    case reluL1 = "relu-l1"
}
