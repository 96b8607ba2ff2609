import Explorer
import TermKit
import Testing

/// The steering pane as it looks mid-run, at two sizes; text only, reviewed by eye and recorded in Snapshots/.
@Suite struct SteeringPaneTests {
    /// A state with two edits, a prompt, and both sides partly generated.
    static func midRun(width: Int, height: Int) -> AppState {
        var state = Fixtures.openedState(width: width, height: height)
        state.shared.modelName = "toy-model"
        state.shared.dictionary.labels = (0..<1000).map { "label \($0)" }
        Fixtures.reduce(&state, .selectionMoved(.rows(40)))
        Fixtures.reduce(&state, .steeringFeatureAdded)
        Fixtures.reduce(&state, .selectionMoved(.rows(10)))
        Fixtures.reduce(&state, .steeringFeatureAdded)
        Fixtures.reduce(&state, .paneFocused(.steering))
        Fixtures.reduce(&state, .steering(.operationCycled))
        Fixtures.reduce(&state, .steering(.generationStarted))
        Fixtures.reduce(&state, .steering(.generationPiece(run: 1, side: 0, text: "This weekend, cook a Japanese meal: ramen with a soft egg, then 한국어 mochi 😀 for dessert.")))
        Fixtures.reduce(&state, .steering(.generationPiece(run: 1, side: 1, text: "This weekend is a great opportunity to relax.")))
        return state
    }

    func pane(_ state: AppState) -> String {
        let size = state.shared.geometry
        let layout = ScreenLayout(width: size.width, height: size.height)
        var buffer = Buffer(width: size.width, height: size.height)
        SteeringPane.render(state.steering, state.shared, palette: Fixtures.palette, area: layout.right, buffer: &buffer)
        return buffer.rows().dropFirst(layout.right.y).map { String($0.dropFirst(layout.right.x)) }.prefix(layout.right.height)
            .joined(separator: "\n")
    }

    /// A sweep of #40 under way, each column partly generated.
    static func sweeping(width: Int, height: Int) -> AppState {
        var state = Fixtures.openedState(width: width, height: height)
        state.shared.modelName = "toy-model"
        Fixtures.reduce(&state, .selectionMoved(.rows(40)), .steeringFeatureAdded, .paneFocused(.steering), .steering(.sweepStarted))
        let texts = ["This weekend is a great time to rest.", "This weekend, bake bread.", "Bake bread, then ramen.",
                     "Ramen ramen noodles broth.", "Noodles noodles noodles noodles."]
        for (side, text) in texts.enumerated() { Fixtures.reduce(&state, .steering(.generationPiece(run: 1, side: side, text: text))) }
        return state
    }

    @Test func aSweepAt120x34() {
        Snapshot.check(pane(Self.sweeping(width: 120, height: 34)), "SteeringPane.sweep120x34")
    }

    @Test func aSweepAtTheMinimumSize() {
        Snapshot.check(pane(Self.sweeping(width: 50, height: 16)), "SteeringPane.sweep50x16")
    }

    @Test func midRunAt100x30() {
        Snapshot.check(pane(Self.midRun(width: 100, height: 30)), "SteeringPane.midRun100x30")
    }

    @Test func midRunAtTheMinimumSize() {
        Snapshot.check(pane(Self.midRun(width: 50, height: 16)), "SteeringPane.midRun50x16")
    }

    @Test func theScreenShowsSteeringInsteadOfDetailWhileFocused() {
        var state = Self.midRun(width: 100, height: 30)
        let text = Screen.render(state, palette: Fixtures.palette).text
        #expect(text.contains("┏ Steering") && !text.contains("Neighbours of"))
        #expect(text.contains("generating…"))
        Fixtures.reduce(&state, .paneFocused(.features))
        let back = Screen.render(state, palette: Fixtures.palette).text
        #expect(!back.contains("┏ Steering") && !back.contains("┌ Steering") && back.contains("Neighbours of #50"))
    }

    @Test func emptyPaneSaysHowToAddAnEdit() {
        var state = Fixtures.openedState(width: 100, height: 30)
        Fixtures.reduce(&state, .paneFocused(.steering))
        #expect(pane(state).contains("no edits: a adds the selected feature"))
    }
}
