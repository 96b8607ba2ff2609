import Explorer
import SAEKit
import TermKit
import Testing

/// The explorer with a feature index: search by label, records loaded for the selected feature, stale ones dropped,
/// and the detail pane showing the label and examples.
@Suite struct IndexedReducerTests {
    static func indexedState(height: Int = 30) -> AppState {
        var summary = Fixtures.summary
        let labels = (0..<1000).map { $0 == 42 ? "law · charter · decree" : $0 == 77 ? "Law school" : "feature \($0)" }
        summary.adopt(labels: labels, density: [], maxActivation: [], meanActivation: [])
        return AppState(dictionary: summary, width: 120, height: height)
    }

    static func record(_ id: Int) -> FeatureRecord {
        FeatureRecord(id: id, density: 0.01, maxActivation: 4, meanActivation: 2, label: "law · charter · decree",
                      topTokens: ["law"], histogram: [3, 2, 1],
                      topExamples: [FeatureExample(ids: [1, 2], tokens: [" civil", " law"], activations: [0.5, 4], maxActivation: 4)],
                      quantileExamples: [], promoted: [TokenEffect(id: 3, token: " legal", effect: 2)], suppressed: [TokenEffect(id: 4, token: " cat", effect: -1)])
    }

    @Test func searchesLabelsAndLoadsRecords() {
        var state = Self.indexedState()
        #expect(Reducer.reduce(&state, .started) == [.computeNeighbours(feature: 0, top: AppState.neighbourCount), .loadRecord(feature: 0)])
        _ = Reducer.reduce(&state, .searchStarted)
        for character in "law" { _ = Reducer.reduce(&state, .textKeyTyped(.char(character))) }
        #expect(state.matches == [42, 77])
        #expect(state.message == nil)
        #expect(state.selectedFeature == 42)
        _ = Reducer.reduce(&state, .recordArrived(Self.record(0)))
        #expect(state.record == nil)
        _ = Reducer.reduce(&state, .recordArrived(Self.record(42)))
        #expect(state.record?.id == 42)
        _ = Reducer.reduce(&state, .selectionMoved(by: 1))
        #expect(state.record == nil)
    }

    @Test func detailShowsLabelAndExamples() {
        var state = Self.indexedState(height: 60)
        _ = Reducer.reduce(&state, .selectionMoved(by: 42))
        _ = Reducer.reduce(&state, .recordArrived(Self.record(42)))
        let text = Screen.render(state, palette: Fixtures.palette).text
        #expect(text.contains("law · charter · decree"))
        #expect(text.contains("promotes"))
        #expect(text.contains("civil law"))
        #expect(!text.contains("labels and examples need the feature index"))
    }
}
