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
    /// Features the user starred (nil when there is no annotation store to keep stars in).
    public var starred: Set<Int>?
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
        if focus == .steering, steering.isEditingPrompt { return .prompt }
        if focus == .heatmap { return .heatmap }
        return nil
    }

    /// The feature selected in the features list.
    public var selectedFeature: Int? { list.selected.flatMap { $0 < matches.count ? matches[$0] : nil } }
}
