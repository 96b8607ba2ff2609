import TermKit

/// The features pane: the search, the features matching it (or ranked by a text), the position in them, and the
/// features left by jumping to a neighbour.
package struct FeaturesState: Equatable, Sendable {
    /// The search text.
    package var search = TextField()
    /// Whether keys go to the search input.
    package var isSearching = false
    /// The features matching the search, in id order (or ranked by the heatmap text; see `matchesNote`).
    package var matches: [Int]
    /// What the matches are when they are not a search's ("on the text").
    package var matchesNote: String?
    /// Whether only the starred features are listed (of those the search or the text ranking gives).
    package var starredOnly = false
    /// The features ranked by the heatmap text, before the star filter (nil when the list is a search's).
    package var ranking: [Int]?
    /// Position in the features list.
    package var list = ListState()
    /// Features left by jumping to a neighbour, most recent last.
    package var history: [Int] = []

    /// Every feature of a dictionary of `featureCount`, the first selected.
    package init(featureCount: Int) {
        matches = Array(0..<featureCount)
        list.select(0, count: matches.count)
    }

    /// The feature selected in the list.
    package var selectedFeature: Int? { list.selected.flatMap { $0 < matches.count ? matches[$0] : nil } }
}
