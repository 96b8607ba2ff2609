import TermKit

/// What the engine found for the selected feature: its nearest features by decoder cosine (and the list position
/// in them), its neighbours in the other dictionary, and its decoder norm.
package struct NeighboursState: Equatable, Sendable {
    /// The feature whose neighbours are shown (or being computed).
    package var feature: Int?
    /// The neighbours, nearest first.
    package var items: [NeighbourItem] = []
    /// The feature's decoder norm, computed with its neighbours.
    package var decoderNorm: Float?
    /// The nearest features in the other dictionary, nearest first.
    package var others: [NeighbourItem] = []
    /// Whether a computation is under way for `feature`.
    package var loading = false
    /// Why the last computation failed.
    package var failure: String?
    /// Position in the neighbours here.
    package var list = ListState()
    /// Position in the neighbours in the other dictionary.
    package var otherList = ListState()
    /// Which of the two lists the keys move (the other only when a second dictionary is open).
    package var column = Column.here

    /// The neighbours here, or those in the other dictionary (its family view, as the paper's splitting figures show).
    package enum Column: Equatable, Sendable { case here, other }

    /// An empty pane.
    package init() {}

    /// The neighbour selected in the list here, while that list has the keys.
    package var selectedFeature: Int? {
        column == .here ? list.selected.flatMap { $0 < items.count ? items[$0].feature : nil } : nil
    }

    /// The feature selected in the other dictionary's list, while that list has the keys.
    package var selectedOther: Int? {
        column == .other ? otherList.selected.flatMap { $0 < others.count ? others[$0].feature : nil } : nil
    }
}
