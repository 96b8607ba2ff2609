import SAEKit
import TermKit

/// The explorer's loop: keys → keymap → actions → reduce → effects; state → frame → device.
public final class ExplorerApp {
    /// The state after the last action.
    public private(set) var state: AppState
    private let runner: EffectRunner
    private let theme: Theme

    /// An explorer over `dictionary` (shown as `name`, labelled from `index`), with neighbours also looked up in
    /// `other` (a dictionary of the same d_in, its name and its index), heatmap text encoded through `model` and
    /// generations steered through `steering` (or, without a model, `noModelReason` shown), steering presets kept on
    /// `presets`, the user's names, notes and stars on `annotations`, drawn with `theme`; `effects` chooses how engine
    /// work runs and `clock` times the pause in typing. Throws when an index cannot be read.
    public init(dictionary: SparseDictionary, name: String, index: FeatureIndex? = nil,
                other: (dictionary: SparseDictionary, name: String, index: FeatureIndex?)? = nil,
                model: ActivationSource? = nil, steering: SteeringSource? = nil, presets: PresetShelf? = nil,
                noModelReason: String? = nil, annotations: AnnotationStore? = nil, theme: Theme,
                effects: EffectRunner.Mode = .background, clock: ExplorerClock = SystemClock()) throws {
        let lead = try Self.summary(of: dictionary, name: name, index: index)
        let second = try other.map { try Self.summary(of: $0.dictionary, name: $0.name, index: $0.index) }
        state = AppState(dictionary: lead, other: second)
        // Names, notes and stars are kept under the dictionary's identity from its index, so they follow the dictionary's files.
        let filed = Self.filing(annotations, index)
        state.shared.annotations = filed.map { (try? $0.store.all(dictionary: $0.dictionary)) ?? [:] }
        if let other { state.shared.otherAnnotations = Self.filing(annotations, other.index).map { (try? $0.store.all(dictionary: $0.dictionary)) ?? [:] } }
        state.shared.modelName = model?.name
        if let steering, !steering.hasChatTemplate {
            state.steering.chat = false
            state.steering.chatAvailable = false
        }
        if let noModelReason { state.shared.noModelReason = noModelReason }
        runner = EffectRunner(dictionary: dictionary, other: other?.dictionary, source: model, steering: steering,
                              presets: presets, index: index,
                              annotations: filed, mode: effects, clock: clock)
        self.theme = theme
    }

    /// What the explorer shows of `dictionary`: its summary, with labels (and statistics the file lacks) from its
    /// index; a damaged index is an error here, not an explorer without labels.
    private static func summary(of dictionary: SparseDictionary, name: String, index: FeatureIndex?) throws -> DictionarySummary {
        var summary = DictionarySummary(dictionary, name: name)
        guard let index else { return summary }
        let overview = try index.overview(featureCount: dictionary.featureCount)
        let fromIndex = summary.density == nil
        summary.adopt(labels: overview.labels, density: overview.density, maxActivation: overview.maxActivation,
                      meanActivation: overview.meanActivation)
        if fromIndex { summary.statisticsTokens = index.metadata["tokens"].flatMap(Int.init) }
        summary.evaluation = try index.lastEvaluation().map {
            DictionarySummary.RecordedEvaluation(figures: $0, text: index.metadata[FeatureIndex.evalTextKey],
                                                 date: index.metadata[FeatureIndex.evalDateKey])
        }
        return summary
    }

    /// Where a dictionary's annotations are filed in `store`: under the identity its `index` records (none without both).
    private static func filing(_ store: AnnotationStore?, _ index: FeatureIndex?) -> (store: AnnotationStore, dictionary: String)? {
        guard let store, let identity = index?.metadata["dictionary_id"] else { return nil }
        return (store, identity)
    }

    /// Runs until the user quits, drawing for `depth` colours (default: the device's); draws a frame whenever the
    /// state changed.
    public func run(on device: TerminalDevice, depth: ColorDepth? = nil) {
        let palette = Palette(theme: theme, depth: depth ?? device.depth, glyphs: device.glyphs)
        let size = device.size
        send(.geometryChanged(ScreenLayout.geometry(width: size.width, height: size.height, glyphs: palette.glyphs)))
        var drawn: AppState?
        while !state.shouldQuit {
            if drawn != state {
                device.draw(Screen.render(state, palette: palette))
                drawn = state
            }
            let key = device.readKey(timeout: runner.isBusy ? 15 : 100)
            let current = device.size
            if current.width != state.shared.geometry.width || current.height != state.shared.geometry.height {
                send(.geometryChanged(ScreenLayout.geometry(width: current.width, height: current.height, glyphs: palette.glyphs)))
            }
            if let key, let action = Keymap.action(for: key, in: state) { send(action) }
            for action in runner.drain() { send(action) }
        }
    }

    /// Waits for the user's pending writes (names, notes, stars, presets) before the process ends.
    public func finishWrites() { runner.finishWrites() }

    /// Applies an action and starts the effects it asks for.
    public func send(_ action: Action) {
        for effect in AppReducer.reduce(&state, action) { runner.run(effect) }
    }
}
