import SAEKit
import TermKit

/// Everything the explorer shows; changed only by `reduce`.
public struct AppState: Equatable, Sendable {
    public var dictionary: DictionarySummary
    /// The name of a second dictionary of the same d_in whose nearest features are shown too (feature splitting).
    public var otherDictionary: String?
    /// The pane with focus.
    public var focus: Pane = .features
    /// The search text (feature ids for now).
    public var search = TextField()
    /// Whether keys go to the search input.
    public var isSearching = false
    /// The features matching the search, in id order (or ranked by the heatmap text; see `matchesNote`).
    public var matches: [Int]
    /// What the matches are when they are not a search's ("firing on the text").
    public var matchesNote: String?
    /// Position in the features list.
    public var list = ListState()
    public var neighbours = NeighboursState()
    public var heatmap = HeatmapState()
    public var steering = SteeringState()
    /// The model that encodes the heatmap text; nil without one.
    public var modelName: String?
    /// What the status line and the heatmap say when there is no model.
    public var noModelReason = "no model (saescope model fetch)"
    /// Features left by jumping to a neighbour, most recent last.
    public var history: [Int] = []
    /// Whether the help overlay is shown.
    public var showsHelp = false
    /// The first line of the help shown when it is taller than the screen.
    public var helpOffset = 0
    /// The terminal size.
    public var width: Int
    public var height: Int
    /// A one-line message for the status line.
    public var message: String?
    /// Set when the user asked to quit.
    public var shouldQuit = false
    /// The selected feature's record from the feature index, once loaded.
    public var record: FeatureRecord?
    /// The user's names, notes and stars, by feature (nil when there is no annotation store to keep them in: it needs
    /// the feature index, whose dictionary identity they are filed under).
    public var annotations: [Int: Annotation]?
    /// The name or notes being typed, if any.
    public var annotationDraft: AnnotationDraft?
    /// How many neighbours to compute.
    public static let neighbourCount = 30

    /// The state on opening `dictionary` (and naming `otherDictionary`, if any) in a terminal of the given size, the
    /// first feature selected.
    public init(dictionary: DictionarySummary, otherDictionary: String? = nil, width: Int, height: Int) {
        self.dictionary = dictionary
        self.otherDictionary = otherDictionary
        self.width = width
        self.height = height
        matches = Array(0..<dictionary.featureCount)
        list.select(0, count: matches.count)
    }

    /// The text that typed characters go into, if any.
    public var typingTarget: TypingTarget? {
        if showsHelp { return nil }
        if isSearching { return .search }
        if steering.presetDraft != nil { return .presetName }
        if annotationDraft != nil { return .annotation }
        if focus == .steering, steering.isEditingPrompt { return .prompt }
        if focus == .heatmap { return .heatmap }
        return nil
    }

    /// Whether the user starred `feature`.
    public func isStarred(_ feature: Int) -> Bool { annotations?[feature]?.starred == true }

    /// The user's name for `feature`, when there is one.
    public func userName(of feature: Int) -> String? {
        annotations?[feature].flatMap { $0.name.isEmpty ? nil : $0.name }
    }

    /// The feature selected in the features list.
    public var selectedFeature: Int? { list.selected.flatMap { $0 < matches.count ? matches[$0] : nil } }
}
