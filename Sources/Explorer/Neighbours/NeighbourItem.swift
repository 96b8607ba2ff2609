/// One row of the neighbours pane: a feature and the cosine of its decoder direction with the selected feature's.
package struct NeighbourItem: Equatable, Sendable {
    package var feature: Int
    package var cosine: Float

    /// A neighbour `feature` at `cosine`.
    package init(feature: Int, cosine: Float) {
        self.feature = feature
        self.cosine = cosine
    }
}
