import TermKit

/// What the engine found for the selected feature: its nearest features by decoder cosine (and the list position
/// in them), its neighbours in the other dictionary, and its decoder norm.
public struct NeighboursState: Equatable, Sendable {
    /// The feature whose neighbours are shown (or being computed).
    public var feature: Int?
    /// The neighbours, nearest first.
    public var items: [NeighbourItem] = []
    /// The feature's decoder norm, computed with its neighbours.
    public var decoderNorm: Float?
    /// The nearest features in the other dictionary, nearest first.
    public var others: [NeighbourItem] = []
    /// Whether a computation is under way for `feature`.
    public var loading = false
    /// Why the last computation failed.
    public var failure: String?
    public var list = ListState()

    /// An empty pane.
    public init() {}

    /// The neighbour selected in the list.
    public var selectedFeature: Int? { list.selected.flatMap { $0 < items.count ? items[$0].feature : nil } }
}
