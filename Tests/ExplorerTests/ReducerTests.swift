import Explorer
import TermKit
import Testing

@Suite struct ReducerTests {
    @Test func startingAsksForTheFirstFeaturesNeighbours() {
        var state = AppState(dictionary: Fixtures.summary, width: 80, height: 24)
        #expect(state.selectedFeature == 0)
        #expect(Reducer.reduce(&state, .started) == [.computeNeighbours(feature: 0, top: AppState.neighbourCount)])
        #expect(state.neighbours.loading)
        #expect(state.neighbours.feature == 0)
    }

    @Test func movingTheSelectionFetchesNeighboursAndScrolls() {
        var state = Fixtures.openedState(width: 80, height: 24)
        #expect(Reducer.reduce(&state, .selectionMoved(by: 1)) == [.computeNeighbours(feature: 1, top: AppState.neighbourCount)])
        #expect(state.selectedFeature == 1)
        #expect(state.neighbours.items.isEmpty && state.neighbours.loading)
        _ = Reducer.reduce(&state, .pageMoved(by: 1))
        let rows = ScreenLayout(width: 80, height: 24).featureRows
        #expect(state.selectedFeature == 1 + rows)
        #expect(state.list.offset == 2)          // scrolled just enough
        _ = Reducer.reduce(&state, .selectionMovedToLast)
        #expect(state.selectedFeature == 999)
        _ = Reducer.reduce(&state, .selectionMovedToFirst)
        #expect(state.selectedFeature == 0 && state.list.offset == 0)
    }

    @Test func staleNeighboursAreIgnored() {
        var state = Fixtures.openedState(width: 80, height: 24)
        _ = Reducer.reduce(&state, .selectionMoved(by: 1))
        _ = Reducer.reduce(&state, .neighboursArrived(feature: 0, Fixtures.neighbours(of: 0)))
        #expect(state.neighbours.items.isEmpty && state.neighbours.loading)
        _ = Reducer.reduce(&state, .neighboursArrived(feature: 1, Fixtures.neighbours(of: 1)))
        #expect(state.neighbours.items == Fixtures.neighbours(of: 1))
        #expect(!state.neighbours.loading)
        #expect(state.neighbours.list.selected == 0)
    }

    @Test func otherDictionaryNeighboursFollowTheSelection() {
        var state = AppState(dictionary: Fixtures.summary, otherDictionary: "toy-4k", width: 80, height: 24)
        _ = Reducer.reduce(&state, .started)
        _ = Reducer.reduce(&state, .otherNeighboursArrived(feature: 0, Fixtures.neighbours(of: 3)))
        #expect(state.neighbours.others == Fixtures.neighbours(of: 3))
        _ = Reducer.reduce(&state, .selectionMoved(by: 1))
        #expect(state.neighbours.others.isEmpty)
        _ = Reducer.reduce(&state, .otherNeighboursArrived(feature: 0, Fixtures.neighbours(of: 3)))
        #expect(state.neighbours.others.isEmpty)      // stale: feature 1 is selected now
    }

    @Test func decoderNormBelongsToTheSelectedFeature() {
        var state = Fixtures.openedState(width: 80, height: 24)
        #expect(state.neighbours.decoderNorm == 1)
        _ = Reducer.reduce(&state, .selectionMoved(by: 1))
        #expect(state.neighbours.decoderNorm == nil)
        _ = Reducer.reduce(&state, .decoderNormArrived(feature: 0, 2))
        #expect(state.neighbours.decoderNorm == nil)
        _ = Reducer.reduce(&state, .decoderNormArrived(feature: 1, 0.5))
        #expect(state.neighbours.decoderNorm == 0.5)
    }

    @Test func neighbourFailuresAreShown() {
        var state = AppState(dictionary: Fixtures.summary, width: 80, height: 24)
        _ = Reducer.reduce(&state, .started)
        _ = Reducer.reduce(&state, .neighboursFailed(feature: 0, "d_in mismatch"))
        #expect(state.neighbours.failure == "d_in mismatch")
        #expect(!state.neighbours.loading)
    }

    @Test func focusCyclesAndEndsASearch() {
        var state = Fixtures.openedState(width: 80, height: 24)
        _ = Reducer.reduce(&state, .searchStarted)
        #expect(state.isSearching)
        _ = Reducer.reduce(&state, .focusMovedForward)
        #expect(state.focus == .detail && !state.isSearching)
        _ = Reducer.reduce(&state, .focusMovedForward)
        #expect(state.focus == .neighbours)
        _ = Reducer.reduce(&state, .focusMovedForward)
        #expect(state.focus == .heatmap)
        _ = Reducer.reduce(&state, .focusMovedForward)
        #expect(state.focus == .steering)
        _ = Reducer.reduce(&state, .focusMovedForward)
        #expect(state.focus == .features)
        _ = Reducer.reduce(&state, .focusMovedBackward)
        #expect(state.focus == .steering)
        _ = Reducer.reduce(&state, .paneFocused(.detail))
        #expect(state.focus == .detail)
    }

    @Test func searchFiltersEditsAndCancels() {
        var state = Fixtures.openedState(width: 80, height: 24)
        _ = Reducer.reduce(&state, .selectionMoved(by: 5))
        _ = Reducer.reduce(&state, .searchStarted)
        _ = Reducer.reduce(&state, .textKeyTyped(.char("4")))
        let effects = Reducer.reduce(&state, .textKeyTyped(.char("2")))
        #expect(state.search.text == "42")
        #expect(state.matches == [42] + Array(420...429))
        #expect(state.selectedFeature == 42)
        #expect(effects == [.computeNeighbours(feature: 42, top: AppState.neighbourCount)])
        _ = Reducer.reduce(&state, .textKeyTyped(.backspace))
        #expect(state.matches.count == 1 + 10 + 100)
        _ = Reducer.reduce(&state, .textKeyTyped(.char("x")))
        #expect(state.matches.isEmpty && state.selectedFeature == nil)
        #expect(state.message?.contains("feature index") == true)
        _ = Reducer.reduce(&state, .textKeyTyped(.ctrl("u")))
        #expect(state.search.text.isEmpty && state.matches.count == 1000)
        _ = Reducer.reduce(&state, .textKeyTyped(.char("7")))
        _ = Reducer.reduce(&state, .searchFinished)
        #expect(!state.isSearching && state.search.text == "7" && state.selectedFeature == 7)
        _ = Reducer.reduce(&state, .searchStarted)
        _ = Reducer.reduce(&state, .searchCancelled)
        #expect(state.search.text.isEmpty && state.matches.count == 1000 && state.selectedFeature == 7)
    }

    @Test func jumpingToNeighboursAndBack() {
        var state = Fixtures.openedState(width: 80, height: 24)
        _ = Reducer.reduce(&state, .paneFocused(.neighbours))
        _ = Reducer.reduce(&state, .selectionMoved(by: 1))
        #expect(state.selectedFeature == 0)          // the neighbours list moved, not the features list
        let target = Fixtures.neighbours(of: 0)[1].feature
        let effects = Reducer.reduce(&state, .neighbourOpened)
        #expect(state.selectedFeature == target)
        #expect(state.history == [0])
        #expect(effects == [.computeNeighbours(feature: target, top: AppState.neighbourCount)])
        _ = Reducer.reduce(&state, .wentBack)
        #expect(state.selectedFeature == 0 && state.history.isEmpty)
        _ = Reducer.reduce(&state, .wentBack)
        #expect(state.message == "nothing to go back to")
    }

    @Test func openingANeighbourHiddenBySearchClearsTheSearch() {
        var state = Fixtures.openedState(width: 80, height: 24)
        _ = Reducer.reduce(&state, .searchStarted)
        _ = Reducer.reduce(&state, .textKeyTyped(.char("0")))
        _ = Reducer.reduce(&state, .neighboursArrived(feature: 0, Fixtures.neighbours(of: 0)))
        _ = Reducer.reduce(&state, .paneFocused(.neighbours))
        _ = Reducer.reduce(&state, .neighbourOpened)
        #expect(state.search.text.isEmpty && state.matches.count == 1000)
        #expect(state.selectedFeature == 1)
    }

    @Test func resizeKeepsTheSelectionVisible() {
        var state = Fixtures.openedState(width: 80, height: 50)
        _ = Reducer.reduce(&state, .selectionMoved(by: 30))
        #expect(ScreenLayout(width: 80, height: 50).featureRows > 30)
        #expect(state.list.offset == 0)
        _ = Reducer.reduce(&state, .terminalResized(width: 80, height: 24))
        #expect(state.width == 80 && state.height == 24)
        let rows = ScreenLayout(width: 80, height: 24).featureRows
        #expect(state.list.offset == 30 - rows + 1)
    }

    @Test func helpAndQuit() {
        var state = Fixtures.openedState(width: 80, height: 24)
        _ = Reducer.reduce(&state, .helpToggled)
        #expect(state.showsHelp)
        _ = Reducer.reduce(&state, .helpToggled)
        #expect(!state.showsHelp)
        _ = Reducer.reduce(&state, .quitRequested)
        #expect(state.shouldQuit)
    }
}
