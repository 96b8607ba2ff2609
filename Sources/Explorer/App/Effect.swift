import SAEKit

/// Work the reducer asks for, run off the input loop, and the rules it runs by (as The Composable Architecture's
/// effects carry theirs): an effect with an `id` belongs to one line of work, which `Effect.cancel(id)` stops; with
/// `cancelsInFlight`, starting it stops the one of its line still waiting or running; with a `delay` it waits that
/// long first (a debounce: a newer one of the line in the meantime replaces it). Work that is stopped posts nothing.
package struct Effect: Equatable, Sendable {
    /// What to do; its result comes back as actions.
    package enum Work: Equatable, Sendable {
        /// Find the nearest features to `feature` by decoder cosine.
        case computeNeighbours(feature: Int, top: Int)
        /// Save `feature`'s name, notes and star in the user's annotation store.
        case saveAnnotation(feature: Int, Annotation)
        /// Read `feature`'s record (label, examples, token effects) from the feature index.
        case loadRecord(feature: Int)
        /// Tokenize and encode the heatmap text.
        case encodeText(String)
        /// Generate the steered and unsteered continuations, streaming pieces back.
        case generate(GenerationRequest)
        /// Save `preset` as `name`.json in the user's presets folder.
        case savePreset(name: String, SteeringPreset)
        /// Load the preset after the one named `after` (in name order, wrapping; the first when nil).
        case loadPreset(after: String?)
        /// Rank the features behind a token's logit (its result, or failure, comes back with its run).
        case attribute(AttributionRequest)
        /// Lead with the other dictionary from now on: all work under way for the one that led is stopped.
        case swapDictionaries
        /// Compute the dictionary overview's decoder figures: the norms, and each feature's highest cosine to another.
        case computeDictionaryHealth
        /// Stop the line of work `id`.
        case cancel(ID)
    }

    /// The lines of work that are cancelled or debounced.
    package enum ID: Hashable, Sendable, CaseIterable {
        case neighbours, encoding, generation, attribution, health
    }

    /// What to do.
    package var work: Work
    /// The line of work it belongs to, if any.
    package var id: ID?
    /// Whether starting it stops the earlier work of its line.
    package var cancelsInFlight = false
    /// Seconds to wait before it starts.
    package var delay: Double = 0

    /// `work` with no rules: it runs at once, in order with the other work that has no line.
    package init(_ work: Work) { self.work = work }

    /// This effect in line `id`: `.cancel(id)` stops it, and with `cancelInFlight` it stops the earlier one of the line.
    package func cancellable(id: ID, cancelInFlight: Bool = false) -> Effect {
        var effect = self
        effect.id = id
        effect.cancelsInFlight = cancelInFlight
        return effect
    }

    /// This effect in line `id`, started only once `seconds` pass with no newer effect of the line.
    package func debounce(id: ID, for seconds: Double) -> Effect {
        var effect = cancellable(id: id, cancelInFlight: true)
        effect.delay = seconds
        return effect
    }

    /// Stops the work of line `id`.
    package static func cancel(_ id: ID) -> Effect { Effect(.cancel(id)) }
    /// See `Work.computeNeighbours`.
    package static func computeNeighbours(feature: Int, top: Int) -> Effect { Effect(.computeNeighbours(feature: feature, top: top)) }
    /// See `Work.saveAnnotation`.
    package static func saveAnnotation(feature: Int, _ note: Annotation) -> Effect { Effect(.saveAnnotation(feature: feature, note)) }
    /// See `Work.loadRecord`.
    package static func loadRecord(feature: Int) -> Effect { Effect(.loadRecord(feature: feature)) }
    /// See `Work.encodeText`.
    package static func encodeText(_ text: String) -> Effect { Effect(.encodeText(text)) }
    /// See `Work.generate`.
    package static func generate(_ request: GenerationRequest) -> Effect { Effect(.generate(request)) }
    /// See `Work.savePreset`.
    package static func savePreset(name: String, _ preset: SteeringPreset) -> Effect { Effect(.savePreset(name: name, preset)) }
    /// See `Work.loadPreset`.
    package static func loadPreset(after: String?) -> Effect { Effect(.loadPreset(after: after)) }
    /// See `Work.attribute`.
    package static func attribute(_ request: AttributionRequest) -> Effect { Effect(.attribute(request)) }
    /// See `Work.swapDictionaries`.
    package static let swapDictionaries = Effect(.swapDictionaries)
    /// See `Work.computeDictionaryHealth`.
    package static let computeDictionaryHealth = Effect(.computeDictionaryHealth)
}
