import Foundation
import Explorer
import SAEKit
import TermKit
import Testing

/// The explorer with a feature index: search by label, records loaded for the selected feature, stale ones dropped,
/// and the detail pane showing the label and examples.
@Suite struct IndexedReducerTests {
    static func indexedState(width: Int = 120, height: Int = 30) -> AppState {
        var summary = Fixtures.summary
        let labels = (0..<1000).map { $0 == 42 ? "law · charter · decree" : $0 == 77 ? "Law school" : "feature \($0)" }
        summary.adopt(FeatureIndex.Overview(labels: labels, topTokens: labels.map { _ in "" }, density: summary.density ?? [],
                                            maxActivation: summary.maxActivation ?? [], meanActivation: summary.meanActivation ?? []),
                      source: nil)
        var state = AppState(dictionary: summary)
        Fixtures.reduce(&state, .geometryChanged(ScreenLayout.geometry(width: width, height: height)))
        return state
    }

    static func record(_ id: Int) -> FeatureRecord {
        FeatureRecord(id: id, density: 0.01, maxActivation: 4, meanActivation: 2, label: "law · charter · decree",
                      topTokens: ["law"], histogram: [3, 2, 1],
                      topExamples: [FeatureExample(ids: [1, 2], tokens: [" civil", " law"], activations: [0.5, 4], maxActivation: 4)],
                      quantileExamples: [], promoted: [TokenEffect(id: 3, token: " legal", effect: 2)], suppressed: [TokenEffect(id: 4, token: " cat", effect: -1)])
    }

    @Test func searchesLabelsAndLoadsRecords() {
        var store = TestStore(AppState(dictionary: Self.indexedState().shared.dictionary))
        let geometry = ScreenLayout.geometry(width: 120, height: 30)
        store.send(.geometryChanged(geometry), effects: [.neighbours(of: 0), .loadRecord(feature: 0)]) {
            $0.shared.geometry = geometry
            $0.awaitNeighbours(of: 0)
        }
        store.skip(.features(.searchStarted))
        store.send(.textKeyTyped(.char("l")), effects: [.neighbours(of: 42), .loadRecord(feature: 42)]) {
            $0.features.search = TextField("l")
            $0.features.matches = [42, 77]
            $0.awaitNeighbours(of: 42)
        }
        store.skip(.textKeyTyped(.char("a")))
        store.send(.textKeyTyped(.char("w"))) { $0.features.search = TextField("law") }
        store.send(.detail(.recordArrived(Self.record(0))))            // stale: #42 is selected
        store.send(.detail(.recordArrived(Self.record(42)))) { $0.detail.record = Self.record(42) }
        store.send(.selectionMoved(.rows(1)), effects: [.neighbours(of: 77), .loadRecord(feature: 77)]) {
            $0.features.list.selected = 1
            $0.awaitNeighbours(of: 77)
        }
    }

    @Test func starsToggleAndAskToBeSaved() {
        var store = TestStore(Self.indexedState())
        store.send(.starToggled) { $0.shared.message = "stars need the feature index (saescope index build)" }
        var state = store.state
        state.shared.annotations = [:]
        store = TestStore(state)
        store.send(.starToggled, effects: [.saveAnnotation(feature: 0, Annotation(starred: true))]) {
            $0.shared.annotations = [0: Annotation(starred: true)]
        }
        store.send(.starToggled, effects: [.saveAnnotation(feature: 0, Annotation())]) { $0.shared.annotations = [0: Annotation()] }
        #expect(Keymap.action(for: .char("s"), in: store.state) == .starToggled)
    }

    @Test func theStarFilterListsTheStarredFeaturesOfASearchOrOfAll() {
        var state = Self.indexedState()
        state.shared.annotations = [42: Annotation(starred: true), 77: Annotation(name: "school", starred: false),
                                    500: Annotation(starred: true)]
        Fixtures.reduce(&state, .selectionMoved(.rows(42)))
        var store = TestStore(state)
        store.send(.features(.starFilterToggled)) {
            $0.features.starredOnly = true
            $0.features.matches = [42, 500]
            $0.features.list = ListState(selected: 0)
        }
        #expect(Keymap.action(for: .char("*"), in: store.state) == .features(.starFilterToggled))
        store.skip(.features(.searchStarted))
        store.send(.textKeyTyped(.char("l"))) {
            $0.features.search = TextField("l")
            $0.features.matches = [42]
        }
        // A neighbour that is not starred is opened with the filter off.
        store.skip(.features(.searchFinished))
        store.send(.features(.jumped(to: 3)), effects: [.neighbours(of: 3), .loadRecord(feature: 3)]) {
            $0.features.starredOnly = false
            $0.features.isSearching = false
            $0.features.search = TextField()
            $0.features.matches = Array(0..<1000)
            $0.features.list = ListState(selected: 3)
            $0.features.history = [42]
            $0.awaitNeighbours(of: 3)
        }
        store.send(.starToggled, effects: [.saveAnnotation(feature: 3, Annotation(starred: true))]) {
            $0.shared.annotations?[3] = Annotation(starred: true)
        }
        store.send(.features(.starFilterToggled)) {
            $0.features.starredOnly = true
            $0.features.matches = [3, 42, 500]
            $0.features.list = ListState(selected: 0)
        }
        store.send(.features(.starFilterToggled), effects: []) {
            $0.features.starredOnly = false
            $0.features.matches = Array(0..<1000)
            $0.features.list = ListState(selected: 3)
        }
        var none = TestStore(Self.indexedState())
        none.send(.features(.starFilterToggled)) {
            $0.features.starredOnly = true
            $0.features.matches = []
            $0.features.list = ListState()
            $0.neighbours = NeighboursState()
            $0.shared.message = "stars need the feature index (saescope index build)"
        }
    }

    @Test func namesAndNotesAreTypedSavedShownAndSearched() {
        var store = TestStore(Self.indexedState())
                store.send(.annotationEditStarted(.name)) { $0.shared.message = "names and notes need the feature index (saescope index build)" }
        var state = store.state
        state.shared.annotations = [0: Annotation(starred: true)]
        state.shared.message = nil
        store = TestStore(state)
        store.skip(.selectionMoved(.rows(42)))
        store.send(Keymap.action(for: .char("n"), in: store.state)!) {
            $0.shared.focus = .detail
            $0.detail.draft = AnnotationDraft(feature: 42, field: .name, text: "")
        }
        #expect(store.state.typingTarget == .annotation)
        for c in "Legal  " { store.skip(Keymap.action(for: .char(c), in: store.state)!) }
        #expect(Screen.render(store.state, palette: Fixtures.palette).text.contains("name › Legal"))
        store.send(Keymap.action(for: .enter, in: store.state)!, effects: [.saveAnnotation(feature: 42, Annotation(name: "Legal"))]) {
            $0.detail.draft = nil
            $0.shared.annotations?[42] = Annotation(name: "Legal")
        }
        store.skip(Keymap.action(for: .char("N"), in: store.state)!)
        for c in "fires on courts, statutes" { store.skip(.textKeyTyped(.char(c))) }
        let noted = Annotation(name: "Legal", notes: "fires on courts, statutes")
        store.send(.detail(.editFinished), effects: [.saveAnnotation(feature: 42, noted)]) {
            $0.detail.draft = nil
            $0.shared.annotations?[42] = noted
        }
        // Esc leaves a draft unsaved.
        store.skip(.annotationEditStarted(.name), .textKeyTyped(.ctrl("u")))
        store.send(Keymap.action(for: .escape, in: store.state)!) { $0.detail.draft = nil }
        #expect(store.state.shared.userName(of: 42) == "Legal" && store.state.typingTarget == nil)

        let text = Screen.render(store.state, palette: Fixtures.palette).text
        #expect(text.contains("Legal  (law · charter · decree)"))     // the name, the label beside it
        #expect(text.contains("fires on courts, statutes"))
        store.skip(.paneFocused(.features), .features(.searchStarted))
        for c in "statutes" { store.skip(.textKeyTyped(.char(c))) }
        #expect(store.state.features.matches == [42])
        #expect(Screen.render(store.state, palette: Fixtures.palette).text.contains("Legal"))
    }

    @Test func runnerSavesAnnotationsInTheStore() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("saescope-stars-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try AnnotationStore(path: path)
        let dictionary = SyntheticDictionary.make(architecture: .standard, dIn: 8, dSAE: 16)
        // The annotations are filed under the identity the dictionary's index records.
        let indexPath = path + ".index.sqlite"
        try FeatureIndexWriter.write([], metadata: ["dictionary_id": "dict-id"], to: indexPath)
        defer { try? FileManager.default.removeItem(atPath: indexPath) }
        let runner = EffectRunner(dictionary: dictionary, index: try FeatureIndex(path: indexPath), annotations: store, mode: .inline)
        runner.run(.saveAnnotation(feature: 3, Annotation(starred: true)))
        runner.run(.saveAnnotation(feature: 5, Annotation(name: "five", notes: "n", starred: true)))
        runner.run(.saveAnnotation(feature: 3, Annotation()))
        #expect(try store.all(dictionary: "dict-id") == [5: Annotation(name: "five", notes: "n", starred: true)])
        #expect(runner.drain().isEmpty)
    }

    @Test func detailShowsLabelAndExamples() {
        var state = Self.indexedState(height: 60)
        Fixtures.reduce(&state, .selectionMoved(.rows(42)), .detail(.recordArrived(Self.record(42))))
        let text = Screen.render(state, palette: Fixtures.palette).text
        #expect(text.contains("law · charter · decree"))
        #expect(text.contains("promotes"))
        #expect(text.contains("civil law"))
        #expect(!text.contains("labels and examples need the feature index"))
    }

    /// Without an index, the detail pane names the command that builds one where there is a row for it, and the
    /// overview names the command that records evaluation figures.
    @Test func withoutAnIndexThePanesNameTheCommand() {
        var state = AppState(dictionary: Fixtures.summary)
        Fixtures.reduce(&state, .geometryChanged(ScreenLayout.geometry(width: 120, height: 60)))
        #expect(Screen.render(state, palette: Fixtures.palette).text.contains("saescope index build --dict toy-1k"))
        Fixtures.reduce(&state, .paneFocused(.overview))
        #expect(Screen.render(state, palette: Fixtures.palette).text.contains("saescope eval --dict toy-1k records its figures for you"))
    }
}
