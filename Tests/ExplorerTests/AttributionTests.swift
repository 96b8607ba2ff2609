import Explorer
import Foundation
import SAEKit
import TermKit
import Testing

/// A source that answers every request with the same entries, asking `shouldContinue` before each.
final class FakeAttributionSource: AttributionSource, @unchecked Sendable {
    /// Called with the index of each entry before it is "ablated" (a test may cancel there).
    var beforeEach: (Int) -> Void = { _ in }
    let entries = [AttributionResult.Entry(feature: 7, activation: 2, exact: 1.5, linear: 1.2),
                   AttributionResult.Entry(feature: 3, activation: 1, exact: -0.5, linear: -0.25)]

    func attribute(_ request: AttributionRequest, shouldContinue: (Int, Int) -> Bool) throws -> AttributionResult {
        for index in entries.indices {
            beforeEach(index)
            guard shouldContinue(index, entries.count) else { throw CancellationError() }
        }
        return AttributionResult(after: "b", target: request.target ?? " c", targetSource: request.target == nil ? "the text's next token" : "typed",
                                 targetLogit: 4, rankAgreement: 1, entries: entries)
    }
}

/// The attribution pane: asked for from the heatmap's cursor token, computed off the input loop, cancelled, stale
/// results dropped, a target typed, a feature opened or steered; drawn at two sizes (text recorded in Snapshots/).
@Suite struct AttributionTests {
    /// The fixture with a model and "a b c" encoded in the heatmap, the cursor on " b" (the second token).
    static func encoded(width: Int = 100, height: Int = 30) -> AppState {
        var state = Fixtures.measured(width: width, height: height)
        state.shared.modelName = "toy-model"
        state.shared.dictionary.labels = (0..<1000).map { "label \($0)" }
        let tokens = [[97], [32, 98], [32, 99]].map { EncodedToken(bytes: $0, features: []) }
        Fixtures.reduce(&state, .paneFocused(.heatmap), .textKeyTyped(.paste("a b c")),
                        .heatmap(.encoded(text: "a b c", tokens)), .textKeyTyped(.home), .textKeyTyped(.right), .textKeyTyped(.right))
        return state
    }

    static let result = AttributionResult(after: " b", target: " c", targetSource: "the text's next token", targetLogit: 4.25,
                                          rankAgreement: 0.8, entries: FakeAttributionSource().entries)

    @Test func ctrlTAttributesTheCursorTokenAndOnlyItsResultIsKept() {
        var store = TestStore(Self.encoded())
        #expect(store.state.heatmap.tokenAtCursor == 1)
        #expect(Keymap.action(for: .ctrl("t"), in: store.state) == .attributionRequested)
        let request = AttributionRequest(run: 1, text: "a b c", position: 1, target: nil)
        store.send(.attributionRequested, effects: [.attribute(request).cancellable(id: .attribution, cancelInFlight: true)]) {
            $0.shared.focus = .attribution
            $0.attribution.request = request
            $0.attribution.run = 1
            $0.attribution.isComputing = true
        }
        store.send(.attribution(.progressed(run: 1, done: 1, total: 2))) { $0.attribution.progress = WorkProgress(done: 1, total: 2) }
        store.send(.attribution(.arrived(run: 0, Self.result)))          // stale: another run
        store.send(.attribution(.arrived(run: 1, Self.result))) {
            $0.attribution.isComputing = false
            $0.attribution.progress = nil
            $0.attribution.result = Self.result
            $0.attribution.list = ListState(selected: 0)
        }
        store.send(.selectionMoved(.rows(1))) { $0.attribution.list = ListState(selected: 1) }
        #expect(store.state.targetFeature == 3)
        // a steers the row's feature; Enter opens it.
        store.send(.steeringFeatureAdded) {
            $0.steering.edits = [SteeringEdit(feature: 3, operation: .clamp, strength: 3)]
            $0.steering.list = ListState(selected: 0)
            $0.shared.message = "steering #3: clamp 3× max (5 shows the edits)"
        }
        store.send(.attributedFeatureOpened, effects: [.neighbours(of: 3), .loadRecord(feature: 3)]) {
            $0.features.list = ListState(selected: 3)
            $0.features.history = [0]
            $0.shared.focus = .detail
            $0.shared.message = nil
            $0.awaitNeighbours(of: 3)
        }
    }

    @Test func aTypedTargetRunsAgainAndEscStops() {
        var state = Self.encoded()
        Fixtures.reduce(&state, .attributionRequested, .attribution(.arrived(run: 1, Self.result)))
        var store = TestStore(state)
        store.send(.attribution(.targetEditStarted)) { $0.attribution.targetDraft = TextField() }
        #expect(store.state.typingTarget == .attributionTarget)
        store.send(.textKeyTyped(.char("d"))) { $0.attribution.targetDraft = TextField("d") }
        let request = AttributionRequest(run: 2, text: "a b c", position: 1, target: "d")
        store.send(.attribution(.targetEditFinished), effects: [.attribute(request).cancellable(id: .attribution, cancelInFlight: true)]) {
            $0.attribution.targetDraft = nil
            $0.attribution.request = request
            $0.attribution.run = 2
            $0.attribution.isComputing = true
            $0.attribution.result = nil
            $0.attribution.list = ListState()
        }
        #expect(Keymap.action(for: .escape, in: store.state) == .attribution(.cancelled))
        store.send(.attribution(.cancelled), effects: [.cancel(.attribution)]) {
            $0.attribution.isComputing = false
            $0.shared.message = "attribution stopped"
        }
        store.send(.attribution(.failed(run: 2, "CancellationError()")))   // what the stopped run ends with is dropped
    }

    @Test func hPutsTheSteeredTextInTheHeatmapToAttributeItsTokens() {
        var state = Fixtures.openedState(width: 100, height: 30)
        state.shared.modelName = "toy-model"
        Fixtures.reduce(&state, .paneFocused(.steering))
        var store = TestStore(state)
        store.send(Keymap.action(for: .char("h"), in: store.state)!) { $0.shared.message = "nothing generated yet: Enter generates" }
        store.skip(.steering(.generationStarted), .steering(.generationPiece(run: 1, side: 0, text: "Bake bread.")),
                   .steering(.generationPiece(run: 1, side: 1, text: " Rest.")), .steering(.generationFinished(run: 1)))
        let text = "What should I do this weekend? Bake bread."
        store.send(.continuationToHeatmap, effects: [HeatmapState.encoding(text)]) {
            $0.shared.focus = .heatmap
            $0.heatmap.text = TextField(text)
            $0.heatmap.pending = true
            $0.shared.message = "the prompt and steered (no edits) are in the heatmap (as plain text, without the chat template): Ctrl-T attributes the token after the cursor's"
        }
    }

    @Test func itSaysWhatItNeeds() {
        var store = TestStore(Fixtures.measured())
        store.send(.attributionRequested) { $0.shared.message = "type a text into the heatmap, then put the cursor on a token" }
        var state = Self.encoded()
        Fixtures.reduce(&state, .textKeyTyped(.home))       // the cursor on the first token, the attention sink
        store = TestStore(state)
        store.send(.attributionRequested) { $0.shared.message = "pick a token after the first: the first is the attention sink" }
        state.shared.modelName = nil
        store = TestStore(state)
        store.send(.attribution(.requested(text: "a b c", position: 1))) {
            $0.shared.message = "attribution needs the model: no model (saescope model fetch)"
        }
    }

    @Test func theRunnerPostsProgressAndTheResultAndNothingOnceCancelled() throws {
        let dictionary = SyntheticDictionary.make(architecture: .standard, dIn: 16, dSAE: 200, seed: 7)
        let source = FakeAttributionSource()
        let runner = EffectRunner(lead: OpenedDictionary(dictionary, name: "d", attribution: source), mode: .inline)
        let request = AttributionRequest(run: 1, text: "a b c", position: 1, target: nil)
        runner.run(Effect.attribute(request).cancellable(id: .attribution, cancelInFlight: true))
        let actions = runner.drain()
        #expect(actions.first == .attribution(.progressed(run: 1, done: 0, total: 2)))
        guard case .attribution(.arrived(1, let result)) = actions.last else { Issue.record("no result: \(actions)"); return }
        #expect(result.entries == source.entries && result.targetSource == "the text's next token")
        // A cancel arriving mid-way stops the ablations: nothing more is posted, neither a result nor the failure.
        source.beforeEach = { index in if index == 1 { runner.run(.cancel(.attribution)) } }
        runner.run(Effect.attribute(AttributionRequest(run: 2, text: "a b c", position: 1, target: nil)).cancellable(id: .attribution, cancelInFlight: true))
        let stopped = runner.drain()
        #expect(stopped == [.attribution(.progressed(run: 2, done: 0, total: 2))])
        #expect(!runner.isBusy)
    }

    @Test func computedAt100x30() {
        var state = Self.encoded()
        Fixtures.reduce(&state, .attributionRequested, .attribution(.arrived(run: 1, Self.result)))
        Snapshot.check(Screen.render(state, palette: Fixtures.palette).text, "Attribution.computed100x30")
    }

    @Test func computingAtTheMinimumSize() {
        var state = Self.encoded(width: 50, height: 16)
        Fixtures.reduce(&state, .attributionRequested, .attribution(.progressed(run: 1, done: 12, total: 32)))
        Snapshot.check(Screen.render(state, palette: Fixtures.palette).text, "Attribution.computing50x16")
    }
}

/// The model's own attribution through the explorer's source, where the default model is fetched.
@Suite(.enabled(if: ModelStore.isInstalled(ModelStore.defaultModel)))
struct WorkbenchAttributionSourceTests {
    @Test func theNextTokenOfTheTextIsTheDefaultTargetAndMatchesTheEngine() throws {
        let workbench = try Workbenches.sample()
        let (model, site) = try workbench.requireModel()
        let dictionary = workbench.dictionary, hook = site.read
        let source = try #require(try OpenedDictionary(workbench).attribution)
        let text = "The Golden Gate Bridge is in San Francisco."
        let ids = model.tokenizer.startingSequence(model.tokenizer.encode(text))
        // After " San" comes " Francisco".
        let position = try #require(ids.firstIndex { model.tokenizer.text(of: $0) == " San" })
        let result = try source.attribute(AttributionRequest(run: 1, text: text, position: position, target: nil)) { _, _ in true }
        #expect(result.after == " San" && result.target == " Francisco" && result.targetSource == "the text's next token")
        let engine = try FeatureAttribution(model: model, dictionary: dictionary, site: DictionarySite(hook), prompt: Array(ids[...position]),
                                            target: ids[position + 1])
        #expect(result.entries.map(\.feature) == engine.entries.map(\.feature))
        #expect(result.targetLogit == engine.targetLogit)
        let typed = try source.attribute(AttributionRequest(run: 2, text: text, position: position, target: " Diego")) { _, _ in true }
        #expect(typed.target == " Diego" && typed.targetSource == "typed")
        #expect(throws: InputError.self) {
            try source.attribute(AttributionRequest(run: 3, text: text, position: position, target: " Los Angeles")) { _, _ in true }
        }
        var asked = 0
        #expect(throws: CancellationError.self) {
            try source.attribute(AttributionRequest(run: 4, text: text, position: position, target: nil)) { _, _ in asked += 1; return asked < 3 }
        }
    }
}
