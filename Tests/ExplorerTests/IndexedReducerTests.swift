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
        state.annotations = [:]
        #expect(Reducer.reduce(&state, .starToggled) == [.saveAnnotation(feature: 0, Annotation(starred: true))])
        #expect(state.isStarred(0))
        #expect(Reducer.reduce(&state, .starToggled) == [.saveAnnotation(feature: 0, Annotation())])
        #expect(!state.isStarred(0))
        #expect(Keymap.action(for: .char("s"), in: state) == .starToggled)
    }

    @Test func namesAndNotesAreTypedSavedShownAndSearched() {
        var state = Self.indexedState()
        #expect(Reducer.reduce(&state, .annotationEditStarted(.name)).isEmpty)
        #expect(state.message?.contains("need the feature index") == true && state.annotationDraft == nil)
        state.annotations = [0: Annotation(starred: true)]
        _ = Reducer.reduce(&state, .selectionMoved(by: 42))
        _ = Reducer.reduce(&state, Keymap.action(for: .char("n"), in: state)!)
        #expect(state.typingTarget == .annotation && state.focus == .detail)
        for c in "Legal  " { _ = Reducer.reduce(&state, Keymap.action(for: .char(c), in: state)!) }
        #expect(Screen.render(state, palette: Fixtures.palette).text.contains("name › Legal"))
        #expect(Reducer.reduce(&state, Keymap.action(for: .enter, in: state)!) == [.saveAnnotation(feature: 42, Annotation(name: "Legal"))])
        _ = Reducer.reduce(&state, Keymap.action(for: .char("N"), in: state)!)
        for c in "fires on courts, statutes" { _ = Reducer.reduce(&state, .textKeyTyped(.char(c))) }
        _ = Reducer.reduce(&state, .annotationEditFinished)
        #expect(state.annotations?[42] == Annotation(name: "Legal", notes: "fires on courts, statutes"))
        // Esc leaves a draft unsaved.
        _ = Reducer.reduce(&state, .annotationEditStarted(.name))
        _ = Reducer.reduce(&state, .textKeyTyped(.ctrl("u")))
        _ = Reducer.reduce(&state, Keymap.action(for: .escape, in: state)!)
        #expect(state.userName(of: 42) == "Legal" && state.typingTarget == nil)

        let text = Screen.render(state, palette: Fixtures.palette).text
        #expect(text.contains("Legal  (law · charter · decree)"))     // the name, the label beside it
        #expect(text.contains("fires on courts, statutes"))
        _ = Reducer.reduce(&state, .paneFocused(.features))
        _ = Reducer.reduce(&state, .searchStarted)
        for c in "statutes" { _ = Reducer.reduce(&state, .textKeyTyped(.char(c))) }
        #expect(state.matches == [42])
        #expect(Screen.render(state, palette: Fixtures.palette).text.contains("Legal"))
    }

    @Test func runnerSavesAnnotationsInTheStore() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("saescope-stars-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try AnnotationStore(path: path)
        let dictionary = SyntheticDictionary.make(architecture: .standard, dIn: 8, dSAE: 16)
        let runner = EffectRunner(dictionary: dictionary, annotations: (store, "dict-id"), mode: .inline)
        runner.run(.saveAnnotation(feature: 3, Annotation(starred: true)))
        runner.run(.saveAnnotation(feature: 5, Annotation(name: "five", notes: "n", starred: true)))
        runner.run(.saveAnnotation(feature: 3, Annotation()))
        #expect(try store.all(dictionary: "dict-id") == [5: Annotation(name: "five", notes: "n", starred: true)])
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
