import SAEKit

/// Work the reducer asks for, run off the input loop; its result comes back as an action.
public enum Effect: Equatable, Sendable {
    /// Find the nearest features to `feature` by decoder cosine.
    case computeNeighbours(feature: Int, top: Int)
    /// Save `feature`'s name, notes and star in the user's annotation store.
    case saveAnnotation(feature: Int, Annotation)
    /// Read `feature`'s record (label, examples, token effects) from the feature index.
    case loadRecord(feature: Int)
    /// Tokenize and encode the heatmap text (after a short pause in typing; a newer text supersedes it).
    case encodeText(String)
    /// Generate the steered and unsteered continuations, streaming pieces back.
    case generate(GenerationRequest)
    /// Stop run `run`.
    case cancelGeneration(run: Int)
    /// Save `preset` as `name`.json in the user's presets folder.
    case savePreset(name: String, SteeringPreset)
    /// Load the preset after the one named `after` (in name order, wrapping; the first when nil).
    case loadPreset(after: String?)
    /// Rank the features behind a token's logit (its result, or failure, comes back with its run).
    case attribute(AttributionRequest)
    /// Stop attribution run `run`.
    case cancelAttribution(run: Int)
    /// Lead with the other dictionary from now on (work begun for the one that led posts nothing).
    case swapDictionaries
    /// Compute the dictionary overview's decoder figures: the norms, and each feature's highest cosine to another.
    case computeDictionaryHealth
}
