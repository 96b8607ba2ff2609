import Explorer
import SAEKit
import TermKit
import Testing

/// Following a feature across dictionary sizes: `d` leads with the other dictionary on the nearest counterpart, and
/// Enter on a feature in the other dictionary's list leads with it; what named the old leader's features starts again.
@Suite struct AcrossSizesTests {
    /// The toy pair with feature 5 selected, its neighbours in both dictionaries in, an edit waiting and text encoded.
    static func browsing() -> AppState {
        var state = Fixtures.measured(width: 120, height: 30, other: Fixtures.larger)
        state.shared.modelName = "toy-model"
        state.shared.other?.model = "toy-model"
        state.shared.annotations = [5: Annotation(name: "five")]
        state.shared.otherAnnotations = [3000: Annotation(name: "wide twin", starred: true)]
        Fixtures.reduce(&state, .selectionMoved(.rows(5)),
                        .neighbours(.arrived(feature: 5, Fixtures.neighbours(of: 5))),
                        .neighbours(.othersArrived(feature: 5, [NeighbourItem(feature: 3000, cosine: 0.93),
                                                                NeighbourItem(feature: 12, cosine: 0.41)])),
                        .steeringFeatureAdded, .paneFocused(.heatmap), .textKeyTyped(.char("a")),
                        .heatmap(.encoded(text: "a", [EncodedToken(bytes: [97], features: [FeatureValue(feature: 5, value: 1)])])),
                        .paneFocused(.features))
        return state
    }

    @Test func swappingLeadsWithTheOtherDictionaryOnTheNearestCounterpart() {
        let before = Self.browsing()
        var store = TestStore(before)
        store.send(.dictionariesSwapped, effects: [.swapDictionaries, HeatmapState.encoding("a"), .neighbours(of: 3000), .loadRecord(feature: 3000)]) {
            $0.shared.dictionary = before.shared.other!
            $0.shared.other = before.shared.dictionary
            $0.shared.annotations = before.shared.otherAnnotations
            $0.shared.otherAnnotations = before.shared.annotations
            $0.features = FeaturesState(featureCount: 4096)
            $0.features.list = ListState(selected: 3000, offset: 3000 - before.shared.geometry.featureRows + 1)
            $0.overview = OverviewState(density: nil)
            $0.steering.edits = []
            $0.steering.list = ListState()
            $0.heatmap = HeatmapState()
            $0.heatmap.text = TextField("a")
            $0.heatmap.pending = true
            $0.detail = DetailState()
            $0.awaitNeighbours(of: 3000)
            $0.shared.message = "leading with toy-4k: #3000, the nearest to #5 (cosine 0.930)"
        }
        // Back again: with no neighbours in yet, the same id is kept.
        store.send(.dictionariesSwapped, effects: [.swapDictionaries, HeatmapState.encoding("a"), .neighbours(of: 999)]) {
            $0.shared.dictionary = before.shared.dictionary
            $0.shared.other = before.shared.other
            $0.shared.annotations = before.shared.annotations
            $0.shared.otherAnnotations = before.shared.otherAnnotations
            $0.features = FeaturesState(featureCount: 1000)
            $0.features.list = ListState(selected: 999, offset: 1000 - before.shared.geometry.featureRows)
            $0.overview = OverviewState(density: before.shared.dictionary.density)
            $0.detail = DetailState()
            $0.awaitNeighbours(of: 999)
            $0.shared.message = "leading with toy-1k: #999"
        }
        #expect(Keymap.action(for: .char("d"), in: store.state) == .dictionariesSwapped)
    }

    @Test func enterOnTheOtherListLeadsWithThatFeature() {
        var store = TestStore(Self.browsing())
        store.skip(.paneFocused(.neighbours))
        store.send(.neighbours(.columnChosen(.other))) { $0.neighbours.column = .other }
        store.send(.selectionMoved(.rows(1))) { $0.neighbours.otherList = ListState(selected: 1) }
        #expect(store.state.neighbours.selectedOther == 12 && store.state.neighbours.selectedFeature == nil)
        // Steering needs the feature to be in the leading dictionary.
        store.send(.steeringFeatureAdded) { $0.shared.message = "that feature is in the other dictionary: Enter leads with it, then steer" }
        store.skip(.neighbourOpened)
        #expect(store.state.shared.dictionary.name == "toy-4k" && store.state.selectedFeature == 12)
        #expect(store.state.shared.message == "leading with toy-4k: #12")
        #expect(Keymap.action(for: .right, in: Self.focusedOnNeighbours()) == .neighbours(.columnChosen(.other)))
    }

    static func focusedOnNeighbours() -> AppState {
        var state = browsing()
        Fixtures.reduce(&state, .paneFocused(.neighbours))
        return state
    }

    @Test func withOneDictionaryTheKeySaysHowToOpenAnother() {
        var store = TestStore(Fixtures.measured())
        store.send(.dictionariesSwapped) { $0.shared.message = "one dictionary only: --against PATH opens another size beside it" }
        store.send(.neighbours(.columnChosen(.other)))
    }

    @Test func theAppSwapsTheEngineToo() throws {
        let small = SyntheticDictionary.make(architecture: .standard, dIn: 16, dSAE: 200, seed: 7)
        let large = SyntheticDictionary.make(architecture: .standard, dIn: 16, dSAE: 800, seed: 9)
        let app = try ExplorerApp(OpenedDictionary(small, name: "small"), other: OpenedDictionary(large, name: "large"),
                                  theme: Theme(), effects: .inline)
        app.run(on: ScriptedDevice(width: 120, height: 30, keys: [.char("j"), .char("d"), nil]))
        let nearest = try #require(try Neighbours.nearest(to: 1, in: small, among: large, top: 1).first)
        #expect(app.state.shared.dictionary.name == "large" && app.state.selectedFeature == nearest.feature)
        // The neighbours now come from the large dictionary, and those in the other from the small one.
        let here = try Neighbours.nearest(to: nearest.feature, in: large, top: AppState.neighbourCount)
        let there = try Neighbours.nearest(to: nearest.feature, in: large, among: small, top: AppState.neighbourCount)
        #expect(app.state.neighbours.items.map(\.feature) == here.map(\.feature))
        #expect(app.state.neighbours.others.map(\.feature) == there.map(\.feature))
    }

    @Test func workBegunBeforeASwapPostsNothing() {
        let small = SyntheticDictionary.make(architecture: .standard, dIn: 16, dSAE: 200, seed: 7)
        let large = SyntheticDictionary.make(architecture: .standard, dIn: 16, dSAE: 800, seed: 9)
        let clock = ManualClock()
        let runner = EffectRunner(lead: OpenedDictionary(small, name: "small"), other: OpenedDictionary(large, name: "large"),
                                  mode: .inline, clock: clock)
        runner.run(Effect.encodeText("waiting for the pause").debounce(id: .encoding, for: 0.05))
        runner.run(Effect.swapDictionaries)
        clock.advance(by: 1)
        #expect(runner.drain().isEmpty && !runner.isBusy)
        // Results the old leader's work posted but the app had not drained yet are dropped by the swap (without one
        // they arrive).
        runner.run(Effect.computeNeighbours(feature: 3, top: 5))
        #expect(!runner.drain().isEmpty)
        runner.run(Effect.computeNeighbours(feature: 3, top: 5))
        runner.run(Effect.swapDictionaries)
        #expect(runner.drain().isEmpty)
    }
}
