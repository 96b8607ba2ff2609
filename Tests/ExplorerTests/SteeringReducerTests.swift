import Explorer
import SAEKit
import TermKit
import Testing

@Suite struct SteeringReducerTests {
    /// The opened fixture with a model named, so that generation can start.
    func withModel() -> TestStore {
        var state = Fixtures.openedState(width: 100, height: 30)
        state.shared.modelName = "toy-model"
        return TestStore(state)
    }

    /// The request the explorer sends for `edits` in run `run` with the pane's default settings.
    func request(run: Int = 1, edits: [FeatureEdit], chat: Bool = true, temperature: Float = 0, seed: UInt64 = 0) -> GenerationRequest {
        GenerationRequest(run: run, prompt: SteeringState().prompt.text, chat: chat, edits: edits,
                          maxTokens: SteeringState().maxTokens, temperature: temperature, seed: seed)
    }

    @Test func addingAFeatureMakesAClampEditOnce() {
        var store = withModel()
        store.skip(.selectionMoved(.rows(40)))
        store.send(.steeringFeatureAdded) {
            $0.steering.edits = [SteeringEdit(feature: 40, operation: .clamp, strength: 3)]
            $0.steering.list = ListState(selected: 0)
            $0.shared.message = "steering #40: clamp 3× max (5 shows the edits)"
        }
        store.send(.steeringFeatureAdded) { $0.shared.message = "#40 is already steered (5 shows the edits)" }
    }

    @Test func inTheNeighboursPaneTheSelectedNeighbourIsAdded() {
        var store = withModel()
        store.skip(.paneFocused(.neighbours), .selectionMoved(.rows(1)))
        let neighbour = Fixtures.neighbours(of: 0)[1].feature
        store.send(.steeringFeatureAdded) {
            $0.steering.edits = [SteeringEdit(feature: neighbour)]
            $0.steering.list = ListState(selected: 0)
            $0.shared.message = "steering #\(neighbour): clamp 3× max (5 shows the edits)"
        }
    }

    @Test func strengthModeAndRemoval() {
        var store = withModel()
        store.skip(.steeringFeatureAdded, .paneFocused(.steering))
        store.send(Keymap.action(for: .char("+"), in: store.state)!) { $0.steering.edits[0].strength = 3.5 }
        store.send(.steering(.strengthChanged(by: 1))) { $0.steering.edits[0].strength = 4 }
        for _ in 0..<20 { store.skip(.steering(.strengthChanged(by: -1))) }
        #expect(store.state.steering.edits[0].strength == 0)      // never negative
        store.send(Keymap.action(for: .char("m"), in: store.state)!) {
            $0.steering.edits[0] = SteeringEdit(feature: 0, operation: .scale, strength: 2)
        }
        store.send(.steering(.operationCycled)) { $0.steering.edits[0] = SteeringEdit(feature: 0, operation: .ablate) }
        store.send(.steering(.operationCycled)) { $0.steering.edits[0] = SteeringEdit(feature: 0, operation: .add) }
        store.send(.steering(.operationCycled)) { $0.steering.edits[0] = SteeringEdit(feature: 0, operation: .clamp) }
        store.send(Keymap.action(for: .char("x"), in: store.state)!) {
            $0.steering.edits = []
            $0.steering.list = ListState()
        }
        #expect(store.state.steering.selectedEdit == nil)
    }

    @Test func generatingResolvesClampsToActivationValues() throws {
        var store = withModel()
        store.skip(.selectionMoved(.rows(40)), .steeringFeatureAdded, .paneFocused(.steering))    // #40: max 4.0 in the fixture
        let edits = [FeatureEdit(feature: 40, operation: .clamp(12), span: .generated)]
        store.send(Keymap.action(for: .enter, in: store.state)!, effects: [.generate(request(edits: edits)).cancellable(id: .generation, cancelInFlight: true)]) {
            $0.steering.run = 1
            $0.steering.isGenerating = true
            $0.shared.message = nil
        }
        #expect(StatusLineText.of(store.state).contains("generating…"))
    }

    @Test func aSweepRunsTheSelectedEditAtSeveralStrengthsBesideTheUnsteeredModel() throws {
        var store = withModel()
        // #40 (max 4.0 in the fixture) clamped at 3× max, and #10 (max 1.0) ablated, which stays as it is on every side.
        store.skip(.selectionMoved(.rows(10)), .steeringFeatureAdded, .paneFocused(.steering), .steering(.operationCycled),
                   .steering(.operationCycled), .paneFocused(.features), .selectionMoved(.rows(30)), .steeringFeatureAdded,
                   .paneFocused(.steering))
        #expect(store.state.steering.edits.map(\.operation) == [.ablate, .clamp] && store.state.steering.selectedEdit == 1)
        let ablate = FeatureEdit(feature: 10, operation: .ablate, span: .generated)
        let sides: [SteeringRun.Side] = [.unsteered] + [6, 12, 24, 48].map { value in
            .steered([ablate, FeatureEdit(feature: 40, operation: .clamp(Float(value)), span: .generated)])
        }
        let sweep = GenerationRequest(run: 1, prompt: "What should I do this weekend?", chat: true, sides: sides, maxTokens: 96,
                                      temperature: 0, seed: 0)
        store.send(Keymap.action(for: .char("v"), in: store.state)!, effects: [.generate(sweep).cancellable(id: .generation, cancelInFlight: true)]) {
            $0.steering.run = 1
            $0.steering.isGenerating = true
            $0.steering.columns = ["unsteered", "#40 clamp 1.5× max", "#40 clamp 3× max", "#40 clamp 6× max", "#40 clamp 12× max"]
                .map { SteeringColumn(heading: $0) }
            $0.shared.message = nil
        }
        store.send(.steering(.generationPiece(run: 1, side: 3, text: "Cook"))) { $0.steering.columns[3].text = "Cook" }
        store.send(.steering(.generationPiece(run: 1, side: 5, text: "out of range")))
        // An ablation has no strength to sweep.
        store.skip(.selectionMoved(.rows(-1)))
        store.send(.steering(.sweepStarted)) {
            $0.shared.message = "an ablation has no strength to sweep: m picks clamp, scale or add"
        }
    }

    @Test func piecesOfAnOldRunAreDropped() {
        var store = withModel()
        store.skip(.steering(.generationStarted))
        store.send(.steering(.generationPiece(run: 1, side: 0, text: "Hello"))) { $0.steering.columns[0].text = "Hello" }
        store.send(.steering(.generationPiece(run: 1, side: 1, text: "Hi"))) { $0.steering.columns[1].text = "Hi" }
        store.send(.steering(.generationStarted), effects: [.generate(request(run: 2, edits: [])).cancellable(id: .generation, cancelInFlight: true)]) {
            $0.steering.run = 2
            $0.steering.columns = [SteeringColumn(heading: "steered (no edits)"), SteeringColumn(heading: "unsteered")]
        }
        store.send(.steering(.generationPiece(run: 1, side: 0, text: " late")))
        store.send(.steering(.generationPiece(run: 2, side: 0, text: "Yes"))) { $0.steering.columns[0].text = "Yes" }
        store.send(.steering(.generationFinished(run: 2))) { $0.steering.isGenerating = false }
    }

    @Test func escapeCancelsTheRun() {
        var store = withModel()
        store.skip(.paneFocused(.steering), .steering(.generationStarted))
        store.send(Keymap.action(for: .escape, in: store.state)!, effects: [.cancel(.generation)]) {
            $0.steering.isGenerating = false
            $0.shared.message = "generation stopped"
        }
        store.send(.steering(.generationPiece(run: 1, side: 0, text: "late")))
    }

    @Test func withoutAModelGenerationSaysHowToGetOne() {
        var store = TestStore(Fixtures.openedState(width: 100, height: 30))
        store.send(.steering(.generationStarted)) {
            $0.shared.message = "steering needs the model: no model (saescope model fetch)"
        }
    }

    @Test func aFeatureWithoutAMaximumCannotBeClamped() {
        var store = withModel()
        store.skip(.steeringFeatureAdded)       // feature 0: max 0 in the fixture
        store.send(.steering(.generationStarted)) {
            $0.shared.message = "#0 has no recorded maximum: build the index (saescope index build) or use scale"
        }
        store.skip(.paneFocused(.steering), .steering(.operationCycled))      // scale needs no maximum
        let scale = [FeatureEdit(feature: 0, operation: .scale(2), span: .generated)]
        store.send(.steering(.generationStarted), effects: [.generate(request(edits: scale)).cancellable(id: .generation, cancelInFlight: true)]) {
            $0.steering.run = 1
            $0.steering.isGenerating = true
            $0.shared.message = nil
        }
    }

    @Test func thePromptIsTypedAndEnterGenerates() {
        var store = withModel()
        store.skip(.paneFocused(.steering))
        store.send(Keymap.action(for: .char("p"), in: store.state)!) { $0.steering.isEditingPrompt = true }
        #expect(store.state.typingTarget == .prompt)
        store.send(Keymap.action(for: .ctrl("u"), in: store.state)!) { $0.steering.prompt = TextField() }
        for c in "Hi q" { store.skip(Keymap.action(for: .char(c), in: store.state)!) }
        #expect(store.state.steering.prompt.text == "Hi q" && !store.state.shouldQuit)
        let edits: [FeatureEdit] = []
        var expected = request(edits: edits)
        expected.prompt = "Hi q"
        store.send(Keymap.action(for: .enter, in: store.state)!, effects: [.generate(expected).cancellable(id: .generation, cancelInFlight: true)]) {
            $0.steering.isEditingPrompt = false
            $0.steering.run = 1
            $0.steering.isGenerating = true
            $0.steering.columns = [SteeringColumn(heading: "steered (no edits)"), SteeringColumn(heading: "unsteered")]
            $0.shared.message = "no edits: both sides are the unsteered model"
        }
        #expect(store.state.typingTarget == nil)
    }

    @Test func settingsCycle() {
        var store = withModel()
        store.send(.steering(.spanCycled)) { $0.steering.span = .all }
        store.send(.steering(.chatToggled)) { $0.steering.chat = false }
        store.send(.steering(.samplingToggled)) { $0.steering.temperature = 0.8 }
        let first = request(edits: [], chat: false, temperature: 0.8, seed: 0)
        store.send(.steering(.generationStarted), effects: [.generate(first).cancellable(id: .generation, cancelInFlight: true)]) {
            $0.steering.run = 1
            $0.steering.isGenerating = true
            $0.steering.seed = 1                 // sampling runs take a new seed; both sides share it
            $0.steering.columns = [SteeringColumn(heading: "steered (no edits)"), SteeringColumn(heading: "unsteered")]
            $0.shared.message = "no edits: both sides are the unsteered model"
        }
        let second = request(run: 2, edits: [], chat: false, temperature: 0.8, seed: 1)
        store.send(.steering(.generationStarted), effects: [.generate(second).cancellable(id: .generation, cancelInFlight: true)]) {
            $0.steering.run = 2
            $0.steering.seed = 2
        }
    }

    @Test func aModelWithoutAChatTemplateKeepsPlainText() {
        var state = Fixtures.openedState(width: 100, height: 30)
        state.steering.chat = false
        state.steering.chatAvailable = false
        var store = TestStore(state)
        store.send(.steering(.chatToggled)) { $0.shared.message = "this model has no chat template: prompts are plain text" }
    }

    @Test func presetsSaveRelativeClampsAndLoadBack() throws {
        var store = withModel()
        store.skip(.selectionMoved(.rows(40)), .steeringFeatureAdded, .selectionMoved(.rows(10)), .steeringFeatureAdded,
                   .paneFocused(.steering), .steering(.operationCycled))          // #50: scale ×2
        store.send(Keymap.action(for: .char("w"), in: store.state)!) { $0.steering.presetDraft = TextField() }
        #expect(store.state.typingTarget == .presetName)
        for c in "my preset" { store.skip(.textKeyTyped(.char(c))) }
        store.send(.steering(.presetSaveRequested)) { $0.shared.message = "a preset name is letters, digits, - and _" }
        store.skip(.textKeyTyped(.ctrl("w")), .textKeyTyped(.ctrl("w")))
        for c in "food" { store.skip(.textKeyTyped(.char(c))) }
        let preset = try SteeringPreset(mode: .splice, edits: [try FeatureEdit(parsing: "40=clamp:3x"), try FeatureEdit(parsing: "50=scale:2")],
                                        span: .generated)
        store.send(.steering(.presetSaveRequested), effects: [.savePreset(name: "food.json", preset)]) { $0.steering.presetDraft = nil }
        #expect(store.state.typingTarget == nil)

        var fresh = withModel()
        fresh.send(.steering(.presetLoaded(name: "food.json", preset))) {
            $0.steering.edits = store.state.steering.edits
            $0.steering.presetName = "food.json"
            $0.steering.presetCursor = "food.json"
            $0.steering.list = ListState(selected: 0)
            $0.shared.message = "loaded preset food.json"
        }
        let absolute = try SteeringPreset(mode: .splice, edits: [try FeatureEdit(parsing: "40=clamp:8")], span: .all)
        fresh.send(.steering(.presetLoaded(name: "abs.json", absolute))) {
            $0.steering.edits = [SteeringEdit(feature: 40, operation: .clamp, strength: 2)]
            $0.steering.span = .all
            $0.steering.presetName = "abs.json"
            $0.steering.presetCursor = "abs.json"
            $0.shared.message = "loaded preset abs.json"
        }
        let foreign = try SteeringPreset(mode: .splice, edits: [try FeatureEdit(parsing: "5000=ablate")], span: .all)
        fresh.send(.steering(.presetLoaded(name: "big.json", foreign))) {
            $0.steering.presetCursor = "big.json"
            $0.shared.message = "big.json edits #5000, which this dictionary cannot steer as saved"
        }
        fresh.send(.steering(.noPresets)) { $0.shared.message = "no presets yet: w saves the edits as one" }
    }
}

/// The status line's text for a state.
enum StatusLineText {
    static func of(_ state: AppState) -> String {
        let width = state.shared.geometry.width
        var buffer = Buffer(width: width, height: 1)
        StatusLine.render(state, palette: Fixtures.palette, area: Rect(width: width, height: 1), buffer: &buffer)
        return buffer.text
    }
}
