import Explorer
import SAEKit
import TermKit
import Testing

@Suite struct ReducerTests {
    @Test func theFirstMeasurementAsksForTheFirstFeaturesNeighbours() {
        var store = TestStore(AppState(dictionary: Fixtures.summary))
        #expect(store.state.selectedFeature == 0)
        let geometry = ScreenLayout.geometry(width: 80, height: 24)
        store.send(.geometryChanged(geometry), effects: [.neighbours(of: 0)]) {
            $0.shared.geometry = geometry
            $0.awaitNeighbours(of: 0)
        }
    }

    @Test func movingTheSelectionFetchesNeighboursAndScrolls() {
        var store = TestStore(Fixtures.openedState(width: 80, height: 24))
        let rows = store.state.shared.geometry.featureRows
        store.send(.selectionMoved(.rows(1)), effects: [.neighbours(of: 1)]) {
            $0.features.list.selected = 1
            $0.awaitNeighbours(of: 1)
        }
        store.send(.selectionMoved(.pages(1)), effects: [.neighbours(of: 1 + rows)]) {
            $0.features.list = ListState(selected: 1 + rows, offset: 2)      // scrolled just enough
            $0.awaitNeighbours(of: 1 + rows)
        }
        store.send(.selectionMoved(.last), effects: [.neighbours(of: 999)]) {
            $0.features.list = ListState(selected: 999, offset: 1000 - rows)
            $0.awaitNeighbours(of: 999)
        }
        store.send(.selectionMoved(.first), effects: [.neighbours(of: 0)]) {
            $0.features.list = ListState(selected: 0, offset: 0)
            $0.awaitNeighbours(of: 0)
        }
    }

    @Test func staleNeighboursAreIgnored() {
        var store = TestStore(Fixtures.openedState(width: 80, height: 24))
        store.skip(.selectionMoved(.rows(1)))
        store.send(.neighbours(.arrived(feature: 0, Fixtures.neighbours(of: 0))))
        store.send(.neighbours(.arrived(feature: 1, Fixtures.neighbours(of: 1)))) {
            $0.neighbours.items = Fixtures.neighbours(of: 1)
            $0.neighbours.loading = false
            $0.neighbours.list = ListState(selected: 0)
        }
    }

    @Test func otherDictionaryNeighboursFollowTheSelection() {
        var store = TestStore(Fixtures.measured(other: Fixtures.larger))
        store.send(.neighbours(.othersArrived(feature: 0, Fixtures.neighbours(of: 3)))) {
            $0.neighbours.others = Fixtures.neighbours(of: 3)
            $0.neighbours.otherList = ListState(selected: 0)
        }
        store.send(.selectionMoved(.rows(1)), effects: [.neighbours(of: 1)]) {
            $0.features.list.selected = 1
            $0.awaitNeighbours(of: 1)
        }
        store.send(.neighbours(.othersArrived(feature: 0, Fixtures.neighbours(of: 3))))      // stale: feature 1 is selected now
    }

    @Test func decoderNormBelongsToTheSelectedFeature() {
        var store = TestStore(Fixtures.openedState(width: 80, height: 24))
        #expect(store.state.neighbours.decoderNorm == 1)
        store.skip(.selectionMoved(.rows(1)))
        #expect(store.state.neighbours.decoderNorm == nil)
        store.send(.neighbours(.decoderNormArrived(feature: 0, 2)))
        store.send(.neighbours(.decoderNormArrived(feature: 1, 0.5))) { $0.neighbours.decoderNorm = 0.5 }
    }

    @Test func neighbourFailuresAreShown() {
        var store = TestStore(Fixtures.measured())
        store.send(.neighbours(.failed(feature: 0, "d_in mismatch"))) {
            $0.neighbours.failure = "d_in mismatch"
            $0.neighbours.loading = false
        }
    }

    @Test func focusCyclesAndEndsASearch() {
        var store = TestStore(Fixtures.openedState(width: 80, height: 24))
        store.send(.features(.searchStarted)) { $0.features.isSearching = true }
        store.send(.focusMovedForward) {
            $0.shared.focus = .detail
            $0.features.isSearching = false
        }
        for pane in [Pane.neighbours, .heatmap, .steering] {
            store.send(.focusMovedForward) { $0.shared.focus = pane }
        }
        store.send(.focusMovedForward, effects: [.computeDictionaryHealth.cancellable(id: .health)]) {
            $0.shared.focus = .overview
            $0.overview.requested = true
        }
        store.send(.focusMovedForward) { $0.shared.focus = .attribution }
        store.send(.focusMovedForward) { $0.shared.focus = .features }
        store.send(.focusMovedBackward) { $0.shared.focus = .attribution }
        store.send(.paneFocused(.detail)) { $0.shared.focus = .detail }
    }

    @Test func searchFiltersEditsAndCancels() {
        var store = TestStore(Fixtures.openedState(width: 80, height: 24))
        store.skip(.selectionMoved(.rows(5)), .features(.searchStarted), .textKeyTyped(.char("4")))
        store.send(.textKeyTyped(.char("2")), effects: [.neighbours(of: 42)]) {
            $0.features.search = TextField("42")
            $0.features.matches = [42] + Array(420...429)
            $0.features.list = ListState(selected: 0)
            $0.awaitNeighbours(of: 42)
        }
        store.send(.textKeyTyped(.backspace), effects: [.neighbours(of: 4)]) {
            $0.features.search = TextField("4")
            $0.features.matches = [4] + Array(40...49) + Array(400...499)
            $0.awaitNeighbours(of: 4)
        }
        store.send(.textKeyTyped(.char("x"))) {
            $0.features.search = TextField("4x")
            $0.features.matches = []
            $0.features.list = ListState()
            $0.neighbours = NeighboursState()
            $0.shared.message = "search by label needs the feature index; type an id"
        }
        store.send(.textKeyTyped(.ctrl("u")), effects: [.neighbours(of: 0)]) {
            $0.features.search = TextField()
            $0.features.matches = Array(0..<1000)
            $0.features.list = ListState(selected: 0)
            $0.shared.message = nil
            $0.awaitNeighbours(of: 0)
        }
        store.skip(.textKeyTyped(.char("7")))
        store.send(.features(.searchFinished)) { $0.features.isSearching = false }
        #expect(store.state.features.search.text == "7" && store.state.selectedFeature == 7)
        store.skip(.features(.searchStarted))
        store.send(.features(.searchCancelled)) {
            $0.features.isSearching = false
            $0.features.search = TextField()
            $0.features.matches = Array(0..<1000)
            $0.features.list = ListState(selected: 7)
        }
    }

    @Test func jumpingToNeighboursAndBack() {
        var store = TestStore(Fixtures.openedState(width: 80, height: 24))
        store.send(.paneFocused(.neighbours)) { $0.shared.focus = .neighbours }
        store.send(.selectionMoved(.rows(1))) { $0.neighbours.list.selected = 1 }   // the neighbours list moved, not the features list
        let target = Fixtures.neighbours(of: 0)[1].feature
        store.send(.neighbourOpened, effects: [.neighbours(of: target)]) {
            $0.features.list = ListState(selected: target)
            $0.features.history = [0]
            $0.awaitNeighbours(of: target)
        }
        store.send(.features(.wentBack), effects: [.neighbours(of: 0)]) {
            $0.features.list = ListState(selected: 0, offset: 0)
            $0.features.history = []
            $0.awaitNeighbours(of: 0)
        }
        store.send(.features(.wentBack)) { $0.shared.message = "nothing to go back to" }
    }

    @Test func openingANeighbourHiddenBySearchClearsTheSearch() {
        var store = TestStore(Fixtures.openedState(width: 80, height: 24))
        store.skip(.features(.searchStarted), .textKeyTyped(.char("0")), .neighbours(.arrived(feature: 0, Fixtures.neighbours(of: 0))),
                   .paneFocused(.neighbours))
        #expect(store.state.features.matches == [0])
        store.send(.neighbourOpened, effects: [.neighbours(of: 1)]) {
            $0.features.search = TextField()
            $0.features.matches = Array(0..<1000)
            $0.features.list = ListState(selected: 1)
            $0.features.history = [0]
            $0.awaitNeighbours(of: 1)
        }
    }

    @Test func resizeKeepsTheSelectionVisible() {
        var store = TestStore(Fixtures.openedState(width: 80, height: 50))
        store.skip(.selectionMoved(.rows(30)))
        #expect(store.state.shared.geometry.featureRows > 30 && store.state.features.list.offset == 0)
        let smaller = ScreenLayout.geometry(width: 80, height: 24)
        store.send(.geometryChanged(smaller)) {
            $0.shared.geometry = smaller
            $0.features.list.offset = 30 - smaller.featureRows + 1
        }
    }

    @Test func helpAndQuit() {
        var store = TestStore(Fixtures.openedState(width: 80, height: 24))
        store.send(.help(.toggled)) { $0.help.isShown = true }
        store.send(.help(.scrolled(by: 3))) { $0.help.offset = 3 }
        store.send(.help(.scrolled(by: -5))) { $0.help.offset = 0 }
        store.send(.help(.scrolled(by: 10_000))) { $0.help.offset = HelpReducer.lastOffset($0.shared.geometry) }
        store.send(.help(.toggled)) {
            $0.help.isShown = false
            $0.help.offset = 0
        }
        store.send(.quitRequested) { $0.shouldQuit = true }
    }
}

/// The store following effects through an inline runner to the actions they send back (`receive`).
@Suite struct ReceivedActionTests {
    @Test func theNeighboursTheEngineComputesArriveForTheSelection() throws {
        let dictionary = SyntheticDictionary.make(architecture: .jumprelu, dIn: 64, dSAE: 1000, seed: 5)
        let runner = EffectRunner(dictionary: dictionary, mode: .inline)
        var store = TestStore(Fixtures.openedState(width: 80, height: 24), runner: runner)
        store.send(.selectionMoved(.rows(1)), effects: [.neighbours(of: 1)]) {
            $0.features.list.selected = 1
            $0.awaitNeighbours(of: 1)
        }
        let nearest = try Neighbours.nearest(to: 1, in: dictionary, top: AppState.neighbourCount)
        let items = nearest.map { NeighbourItem(feature: $0.feature, cosine: $0.cosine) }
        store.receive(.neighbours(.arrived(feature: 1, items))) {
            $0.neighbours.items = items
            $0.neighbours.loading = false
            $0.neighbours.list = ListState(selected: 0)
        }
        store.receive(.neighbours(.decoderNormArrived(feature: 1, dictionary.decoderNorms[1]))) {
            $0.neighbours.decoderNorm = dictionary.decoderNorms[1]
        }
        store.finish()
        #expect(!runner.isBusy)
    }

    /// A debounced encoding waits for its pause on the clock, and a newer text in the meantime replaces it.
    @Test func aNewerTextReplacesTheOneWaitingForThePause() {
        let clock = ManualClock()
        let runner = EffectRunner(dictionary: SyntheticDictionary.make(architecture: .standard, dIn: 16, dSAE: 50, seed: 3),
                                  mode: .inline, clock: clock)
        runner.run(HeatmapState.encoding("first"))
        clock.advance(by: HeatmapState.typingPause / 2)
        runner.run(HeatmapState.encoding("second"))
        clock.advance(by: HeatmapState.typingPause / 2)
        #expect(runner.drain().isEmpty && runner.isBusy)
        clock.advance(by: HeatmapState.typingPause)
        #expect(runner.drain() == [.heatmap(.failed(text: "second", "no model"))])
        #expect(!runner.isBusy)
    }
}
