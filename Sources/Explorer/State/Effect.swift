/// Work the reducer asks for, run off the input loop; its result comes back as an action.
public enum Effect: Equatable, Sendable {
    /// Find the nearest features to `feature` by decoder cosine.
    case computeNeighbours(feature: Int, top: Int)
}
