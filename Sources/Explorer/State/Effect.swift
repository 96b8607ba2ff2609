/// Work the reducer asks for, run off the input loop; its result comes back as an action.
public enum Effect: Equatable, Sendable {
    /// Find the nearest features to `feature` by decoder cosine.
    case computeNeighbours(feature: Int, top: Int)
    /// Save whether `feature` is starred in the user's annotation store.
    case saveStar(feature: Int, starred: Bool)
    /// Read `feature`'s record (label, examples, token effects) from the feature index.
    case loadRecord(feature: Int)
    /// Tokenize and encode the heatmap text (after a short pause in typing; a newer text supersedes it).
    case encodeText(String)
}
