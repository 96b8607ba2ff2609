/// One row of the neighbours pane: a feature and the cosine of its decoder direction with the selected feature's.
public struct NeighbourItem: Equatable, Sendable {
    public var feature: Int
    public var cosine: Float

    /// A neighbour `feature` at `cosine`.
    public init(feature: Int, cosine: Float) {
        self.feature = feature
        self.cosine = cosine
    }
}
