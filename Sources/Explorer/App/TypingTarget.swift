/// A text that keys are typed into.
package enum TypingTarget: Equatable, Sendable {
    /// The features search.
    case search
    /// The heatmap's text.
    case heatmap
    /// The steering prompt.
    case prompt
    /// The name of a steering preset to save.
    case presetName
    /// A feature's name or notes.
    case annotation
    /// The target token of an attribution.
    case attributionTarget
}
