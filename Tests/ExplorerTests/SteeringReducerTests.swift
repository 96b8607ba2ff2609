import Explorer
import SAEKit
import TermKit
import Testing

@Suite struct SteeringReducerTests {
    /// The opened fixture with a model named, so that generation can start.
    func withModel() -> AppState {
        var state = Fixtures.openedState(width: 100, height: 30)
        state.modelName = "toy-model"
        return state
    }

    @Test func addingAFeatureMakesAClampEditOnce() {
        var state = withModel()
        _ = Reducer.reduce(&state, .selectionMoved(by: 40))
        _ = Reducer.reduce(&state, .steeringFeatureAdded)
        #expect(state.steering.edits == [SteeringEdit(feature: 40, mode: .clamp, strength: 3)])
        #expect(state.message?.contains("#40") == true)
        _ = Reducer.reduce(&state, .steeringFeatureAdded)
        #expect(state.steering.edits.count == 1)
        #expect(state.message?.contains("already") == true)
    }

    @Test func inTheNeighboursPaneTheSelectedNeighbourIsAdded() {
        var state = withModel()
        _ = Reducer.reduce(&state, .paneFocused(.neighbours))
        _ = Reducer.reduce(&state, .selectionMoved(by: 1))
        _ = Reducer.reduce(&state, .steeringFeatureAdded)
        #expect(state.steering.edits.map(\.feature) == [Fixtures.neighbours(of: 0)[1].feature])
    }

    @Test func strengthModeAndRemoval() {
        var state = withModel()
        _ = Reducer.reduce(&state, .steeringFeatureAdded)
        _ = Reducer.reduce(&state, .paneFocused(.steering))
        _ = Reducer.reduce(&state, Keymap.action(for: .char("+"), in: state)!)
        _ = Reducer.reduce(&state, Keymap.action(for: .char("+"), in: state)!)
        #expect(state.steering.edits[0].strength == 4)
        for _ in 0..<20 { _ = Reducer.reduce(&state, .steeringStrengthChanged(by: -1)) }
        #expect(state.steering.edits[0].strength == 0)      // never negative
        _ = Reducer.reduce(&state, Keymap.action(for: .char("m"), in: state)!)
        #expect(state.steering.edits[0] == SteeringEdit(feature: 0, mode: .scale, strength: 2))
        _ = Reducer.reduce(&state, .steeringModeCycled)
        _ = Reducer.reduce(&state, .steeringModeCycled)
        #expect(state.steering.edits[0].mode == .add)
        _ = Reducer.reduce(&state, .steeringModeCycled)
        #expect(state.steering.edits[0].mode == .clamp)
        _ = Reducer.reduce(&state, Keymap.action(for: .char("x"), in: state)!)
        #expect(state.steering.edits.isEmpty && state.steering.selectedEdit == nil)
    }

    @Test func generatingResolvesClampsToActivationValues() throws {
        var state = withModel()
        _ = Reducer.reduce(&state, .selectionMoved(by: 40))      // max activation 4.0 in the fixture
        _ = Reducer.reduce(&state, .steeringFeatureAdded)
        _ = Reducer.reduce(&state, .paneFocused(.steering))
        let effects = Reducer.reduce(&state, Keymap.action(for: .enter, in: state)!)
        let request = GenerationRequest(run: 1, prompt: SteeringState().prompt.text, chat: true,
                                        edits: [FeatureEdit(feature: 40, operation: .clamp(12), span: .generated)],
                                        maxTokens: state.steering.maxTokens, temperature: 0, seed: 0)
        #expect(effects == [.generate(request)])
        #expect(state.steering.isGenerating)
        #expect(StatusLineText.of(state).contains("generating…"))
    }

    @Test func piecesOfAnOldRunAreDropped() {
        var state = withModel()
        _ = Reducer.reduce(&state, .generationStarted)
        _ = Reducer.reduce(&state, .generationPiece(run: 1, steered: true, text: "Hello"))
        _ = Reducer.reduce(&state, .generationPiece(run: 1, steered: false, text: "Hi"))
        let restart = Reducer.reduce(&state, .generationStarted)
        #expect(restart.first == .cancelGeneration(run: 1))
        _ = Reducer.reduce(&state, .generationPiece(run: 1, steered: true, text: " late"))
        #expect(state.steering.steered.isEmpty && state.steering.unsteered.isEmpty)
        _ = Reducer.reduce(&state, .generationPiece(run: 2, steered: true, text: "Yes"))
        _ = Reducer.reduce(&state, .generationFinished(run: 2))
        #expect(state.steering.steered == "Yes")
        #expect(!state.steering.isGenerating)
    }

    @Test func escapeCancelsTheRun() {
        var state = withModel()
        _ = Reducer.reduce(&state, .paneFocused(.steering))
        _ = Reducer.reduce(&state, .generationStarted)
        #expect(Reducer.reduce(&state, Keymap.action(for: .escape, in: state)!) == [.cancelGeneration(run: 1)])
        #expect(!state.steering.isGenerating)
        _ = Reducer.reduce(&state, .generationPiece(run: 1, steered: true, text: "late"))
        #expect(state.steering.steered.isEmpty)
    }

    @Test func withoutAModelGenerationSaysHowToGetOne() {
        var state = Fixtures.openedState(width: 100, height: 30)
        #expect(Reducer.reduce(&state, .generationStarted).isEmpty)
        #expect(state.message?.contains("saescope model fetch") == true)
    }

    @Test func aFeatureWithoutAMaximumCannotBeClamped() {
        var state = withModel()
        _ = Reducer.reduce(&state, .steeringFeatureAdded)       // feature 0: max 0 in the fixture
        #expect(Reducer.reduce(&state, .generationStarted).isEmpty)
        #expect(state.message?.contains("no recorded maximum") == true)
        _ = Reducer.reduce(&state, .paneFocused(.steering))
        _ = Reducer.reduce(&state, .steeringModeCycled)           // scale needs no maximum
        #expect(Reducer.reduce(&state, .generationStarted).count == 1)
    }

    @Test func thePromptIsTypedAndEnterGenerates() {
        var state = withModel()
        _ = Reducer.reduce(&state, .paneFocused(.steering))
        _ = Reducer.reduce(&state, Keymap.action(for: .char("p"), in: state)!)
        #expect(state.typingTarget == .prompt)
        _ = Reducer.reduce(&state, Keymap.action(for: .ctrl("u"), in: state)!)
        for c in "Hi q" { _ = Reducer.reduce(&state, Keymap.action(for: .char(c), in: state)!) }
        #expect(state.steering.prompt.text == "Hi q" && !state.shouldQuit)
        let effects = Reducer.reduce(&state, Keymap.action(for: .enter, in: state)!)
        guard case .generate(let request) = effects.first else { Issue.record("no generation"); return }
        #expect(request.prompt == "Hi q")
        #expect(state.typingTarget == nil)
    }

    @Test func settingsCycle() {
        var state = withModel()
        _ = Reducer.reduce(&state, .steeringSpanCycled)
        #expect(state.steering.span == .all)
        _ = Reducer.reduce(&state, .steeringChatToggled)
        _ = Reducer.reduce(&state, .steeringSamplingToggled)
        guard case .generate(let first) = Reducer.reduce(&state, .generationStarted).first,
              case .generate(let second) = Reducer.reduce(&state, .generationStarted).last else {
            Issue.record("no generation"); return
        }
        #expect(!first.chat && first.temperature > 0)
        #expect(second.seed == first.seed + 1)        // sampling runs take a new seed; both sides share it
    }

    @Test func presetsSaveRelativeClampsAndLoadBack() throws {
        var state = withModel()
        _ = Reducer.reduce(&state, .selectionMoved(by: 40))
        _ = Reducer.reduce(&state, .steeringFeatureAdded)
        _ = Reducer.reduce(&state, .selectionMoved(by: 10))
        _ = Reducer.reduce(&state, .steeringFeatureAdded)
        _ = Reducer.reduce(&state, .paneFocused(.steering))
        _ = Reducer.reduce(&state, .steeringModeCycled)          // #50: scale ×2
        _ = Reducer.reduce(&state, Keymap.action(for: .char("w"), in: state)!)
        #expect(state.typingTarget == .presetName)
        for c in "my preset" { _ = Reducer.reduce(&state, .textKeyTyped(.char(c))) }
        #expect(Reducer.reduce(&state, .presetSaveRequested).isEmpty)      // a space is not allowed
        _ = Reducer.reduce(&state, .textKeyTyped(.ctrl("w")))
        _ = Reducer.reduce(&state, .textKeyTyped(.ctrl("w")))
        for c in "food" { _ = Reducer.reduce(&state, .textKeyTyped(.char(c))) }
        let preset = try SteeringPreset(mode: .splice, edits: [try FeatureEdit(parsing: "40=clamp:3x"), try FeatureEdit(parsing: "50=scale:2")], span: .generated)
        #expect(Reducer.reduce(&state, .presetSaveRequested) == [.savePreset(name: "food.json", preset)])
        #expect(state.typingTarget == nil)

        var fresh = withModel()
        _ = Reducer.reduce(&fresh, .presetLoaded(name: "food.json", preset))
        #expect(fresh.steering.edits == state.steering.edits)
        #expect(fresh.steering.presetName == "food.json")
        let absolute = try SteeringPreset(mode: .splice, edits: [try FeatureEdit(parsing: "40=clamp:8")], span: .all)
        _ = Reducer.reduce(&fresh, .presetLoaded(name: "abs.json", absolute))
        #expect(fresh.steering.edits == [SteeringEdit(feature: 40, mode: .clamp, strength: 2)])
        #expect(fresh.steering.span == .all)
        let foreign = try SteeringPreset(mode: .splice, edits: [try FeatureEdit(parsing: "5000=ablate")], span: .all)
        _ = Reducer.reduce(&fresh, .presetLoaded(name: "big.json", foreign))
        #expect(fresh.steering.presetName == "abs.json")
        #expect(fresh.message?.contains("#5000") == true)
    }
}

/// The status line's text for a state.
enum StatusLineText {
    static func of(_ state: AppState) -> String {
        var buffer = Buffer(width: state.width, height: 1)
        StatusLine.render(state, palette: Fixtures.palette, area: Rect(width: state.width, height: 1), buffer: &buffer)
        return buffer.text
    }
}
