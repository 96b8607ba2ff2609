import SAEKit
import TermKit

/// The explorer's loop: keys → keymap → actions → reduce → effects; state → frame → device.
package final class ExplorerApp {
    /// The state after the last action.
    package private(set) var state: AppState
    private let runner: EffectRunner
    private let theme: Theme

    /// An explorer leading with `lead`, with `other` (a dictionary of the same d_in, another size) beside it for
    /// neighbours across sizes and to swap to; steering presets kept on `presets`, the user's names, notes and stars
    /// on `annotations`, drawn with `theme`; `effects` chooses how engine work runs and `clock` times the pause in
    /// typing. Throws when an index cannot be read.
    package init(_ lead: OpenedDictionary, other: OpenedDictionary? = nil, presets: PresetShelf? = nil,
                annotations: AnnotationStore? = nil, theme: Theme, effects: EffectRunner.Mode = .background,
                clock: ExplorerClock = SystemClock()) throws {
        func summary(_ opened: OpenedDictionary) throws -> DictionarySummary {
            var summary = try Self.summary(of: opened)
            if let filed = EffectRunner.filing(annotations, opened) {
                let imported = try filed.store.importedLabels(dictionary: filed.dictionary)
                summary.importedLabels = imported.isEmpty ? nil : imported
            }
            return summary
        }
        state = AppState(dictionary: try summary(lead), other: try other.map(summary))
        // Names, notes and stars are kept under the dictionary's identity, so they follow the dictionary's files.
        func notes(_ opened: OpenedDictionary) -> [Int: Annotation]? {
            EffectRunner.filing(annotations, opened).map { (try? $0.store.all(dictionary: $0.dictionary)) ?? [:] }
        }
        state.shared.annotations = notes(lead)
        state.shared.otherAnnotations = other.flatMap(notes)
        if let steering = lead.steering, !steering.hasChatTemplate {
            state.steering.chat = false
            state.steering.chatAvailable = false
        }
        runner = EffectRunner(lead: lead, other: other, presets: presets, annotations: annotations, mode: effects, clock: clock)
        self.theme = theme
    }

    /// An explorer over `dictionary` alone (shown as `name`, labelled from `index`), text encoded through `model` and
    /// generations steered through `steering`; see the main initializer for the rest.
    package convenience init(dictionary: SparseDictionary, name: String, index: FeatureIndex? = nil,
                            model: ActivationSource? = nil, steering: SteeringSource? = nil, theme: Theme,
                            effects: EffectRunner.Mode = .background, clock: ExplorerClock = SystemClock()) throws {
        try self.init(OpenedDictionary(dictionary, name: name, index: index, activations: model, steering: steering),
                      theme: theme, effects: effects, clock: clock)
    }

    /// What the explorer shows of an opened dictionary: its summary, with labels and statistics from its index (the
    /// file's own statistics where there is none), and its model's name or why there is none; a damaged index is an
    /// error here, not an explorer without labels.
    private static func summary(of opened: OpenedDictionary) throws -> DictionarySummary {
        var summary = DictionarySummary(opened.dictionary, name: opened.name)
        summary.model = opened.activations?.name
        if let reason = opened.noModelReason { summary.noModelReason = reason }
        summary.evaluation = opened.evaluation
        guard let index = opened.index else { return summary }
        summary.adopt(try index.overview(featureCount: opened.dictionary.featureCount), source: index.statisticsSource,
                      importedFrom: index.importedFrom)
        return summary
    }

    /// Runs until the user quits, drawing for `depth` colours (default: the device's); draws a frame whenever the
    /// state changed.
    package func run(on device: TerminalDevice, depth: ColorDepth? = nil) {
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
    package func finishWrites() { runner.finishWrites() }

    /// Applies an action and starts the effects it asks for.
    package func send(_ action: Action) {
        for effect in AppReducer.reduce(&state, action) { runner.run(effect) }
    }
}
