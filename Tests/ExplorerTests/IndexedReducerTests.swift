import Foundation
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

    @Test func starsToggleAndAskToBeSaved() {
        var state = Self.indexedState()
        #expect(Reducer.reduce(&state, .starToggled) == [])
        #expect(state.message?.contains("stars need the feature index") == true)
        state.starred = []
        #expect(Reducer.reduce(&state, .starToggled) == [.saveStar(feature: 0, starred: true)])
        #expect(state.starred == [0])
        #expect(Reducer.reduce(&state, .starToggled) == [.saveStar(feature: 0, starred: false)])
        #expect(state.starred == [])
        #expect(Keymap.action(for: .char("s"), in: state) == .starToggled)
    }

    @Test func runnerSavesStarsInTheAnnotationStore() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("saescope-stars-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try AnnotationStore(path: path)
        let dictionary = SyntheticDictionary.make(architecture: .standard, dIn: 8, dSAE: 16)
        let runner = EffectRunner(dictionary: dictionary, annotations: (store, "dict-id"), mode: .inline)
        runner.run(.saveStar(feature: 3, starred: true))
        runner.run(.saveStar(feature: 5, starred: true))
        runner.run(.saveStar(feature: 3, starred: false))
        #expect(try store.starred(dictionary: "dict-id") == [5])
        #expect(runner.drain().isEmpty)
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
