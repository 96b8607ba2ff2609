import Explorer
import Testing

/// Drives the app's reducer one action at a time and checks each step whole, in the manner of The Composable
/// Architecture's `TestStore`: after an action the state must be the state before with exactly the changes the test
/// writes out, and the effects exactly the ones it lists. A field the test forgets to mention fails the step, with
/// the lines of the two states that differ. Given a runner (inline), the store also runs the effects, and the actions
/// they send back must each be taken with `receive`, in order.
struct TestStore {
    /// The state after the last step.
    private(set) var state: AppState
    /// Runs the effects, when the test follows them to the actions they send back.
    private let runner: EffectRunner?
    /// Actions the effects sent back that the test has not received yet.
    private(set) var unreceived: [Action] = []

    /// A store starting from `state`; with `runner`, effects run and their actions wait for `receive`.
    init(_ state: AppState, runner: EffectRunner? = nil) {
        self.state = state
        self.runner = runner
    }

    /// Sends `action`; expects `effects` and the state after `changes` to the state before.
    mutating func send(_ action: Action, effects: [Effect] = [], _ changes: (inout AppState) -> Void = { _ in },
                       sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(unreceived.isEmpty, "\(action) sent before receiving \(unreceived)", sourceLocation: sourceLocation)
        step(action, effects: effects, changes, sourceLocation: sourceLocation)
    }

    /// Takes the next action an effect sent back, which must be `action`; expects `effects` and the state after
    /// `changes` to the state before, as `send` does.
    mutating func receive(_ action: Action, effects: [Effect] = [], _ changes: (inout AppState) -> Void = { _ in },
                          sourceLocation: SourceLocation = #_sourceLocation) {
        guard !unreceived.isEmpty else {
            Issue.record("expected to receive \(action), but no effect sent anything", sourceLocation: sourceLocation)
            return
        }
        let next = unreceived.removeFirst()
        #expect(next == action, "received \(next)", sourceLocation: sourceLocation)
        step(next, effects: effects, changes, sourceLocation: sourceLocation)
    }

    /// Expects every action the effects sent back to have been received.
    func finish(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(unreceived.isEmpty, "not received: \(unreceived)", sourceLocation: sourceLocation)
    }

    /// Collects what the runner's work sent back since the last step (work waiting for its delay starts once due).
    mutating func drain() {
        if let runner { unreceived += runner.drain() }
    }

    /// Reduces `action`, checks the effects and the state, and runs the effects when there is a runner.
    private mutating func step(_ action: Action, effects: [Effect], _ changes: (inout AppState) -> Void,
                               sourceLocation: SourceLocation) {
        var expected = state
        changes(&expected)
        let produced = AppReducer.reduce(&state, action)
        #expect(produced == effects, "effects of \(action)", sourceLocation: sourceLocation)
        if state != expected {
            Issue.record("state after \(action) differs (- expected, + actual):\n\(Self.difference(expected, state))",
                         sourceLocation: sourceLocation)
        }
        guard let runner else { return }
        for effect in produced { runner.run(effect) }
        drain()
    }

    /// Sends each action in turn without checking them (to reach a state the next step starts from).
    mutating func skip(_ actions: Action...) {
        for action in actions { _ = AppReducer.reduce(&state, action) }
    }

    /// The lines of the two states' dumps that differ.
    static func difference(_ expected: AppState, _ actual: AppState) -> String {
        var left = "", right = ""
        dump(expected, to: &left)
        dump(actual, to: &right)
        let a = left.split(separator: "\n"), b = right.split(separator: "\n")
        var lines: [String] = []
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? String(a[index]) : "", y = index < b.count ? String(b[index]) : ""
            if x != y { lines += ["- " + x, "+ " + y] }
        }
        return lines.prefix(40).joined(separator: "\n")
    }
}

extension Fixtures {
    /// `AppState` for `dictionary` (the fixture's summary unless given), measured at `width` × `height`.
    static func measured(_ dictionary: DictionarySummary = summary, width: Int = 80, height: Int = 24,
                         other: DictionarySummary? = nil) -> AppState {
        var state = AppState(dictionary: dictionary, other: other)
        _ = AppReducer.reduce(&state, .geometryChanged(ScreenLayout.geometry(width: width, height: height)))
        return state
    }
}

extension AppState {
    /// The change that selecting `feature` makes besides the selection: its neighbours and record asked for.
    mutating func awaitNeighbours(of feature: Int) {
        neighbours = NeighboursState()
        neighbours.feature = feature
        neighbours.loading = true
        detail.feature = feature
        detail.record = nil
    }
}

extension Effect {
    /// The neighbour query the explorer sends for `feature`.
    static func neighbours(of feature: Int) -> Effect {
        .computeNeighbours(feature: feature, top: AppState.neighbourCount).cancellable(id: .neighbours, cancelInFlight: true)
    }
}
