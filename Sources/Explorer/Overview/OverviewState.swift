import SAEKit

/// The dictionary overview: the firing figures (from the statistics, at once) and the figures of the decoder (its
/// norms, and each feature's highest cosine to another, computed once in the background the first time the pane is
/// shown).
package struct OverviewState: Equatable, Sendable {
    /// Dead, dense, L0 and the log-density spread; nil without firing statistics.
    package var firing: FiringFigures?
    /// The spread of decoder norms, once computed.
    package var decoderNorms: Bins?
    /// The spread of each feature's highest cosine to another, once computed.
    package var redundancy: Bins?
    /// Features whose highest cosine to another is above `OverviewState.twinCosine`.
    package var twins: Int?
    /// Rows of the decoder done, and all of them, while the cosines are computed.
    package var progress: WorkProgress?
    /// Whether the decoder figures were asked for.
    package var requested = false

    /// Features above this cosine to another are counted as near twins.
    package static let twinCosine: Float = 0.9

    /// The overview of a dictionary whose features fire on `density` of tokens (nil: unknown).
    package init(density: [Float]?) {
        firing = density.map { DictionaryHealth.firing(density: $0) }
    }
}
