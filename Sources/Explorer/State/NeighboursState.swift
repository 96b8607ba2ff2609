import TermKit

/// The neighbours pane: the nearest features by decoder cosine to one feature, and the list position.
public struct NeighboursState: Equatable, Sendable {
    /// The feature whose neighbours are shown (or being computed).
    public var feature: Int?
    /// The neighbours, nearest first.
    public var items: [NeighbourItem] = []
    /// The nearest features in the other dictionary, nearest first.
    public var others: [NeighbourItem] = []
    /// Whether a computation is under way for `feature`.
    public var loading = false
    /// Why the last computation failed.
    public var failure: String?
    public var list = ListState()

    /// An empty pane.
    public init() {}
}
