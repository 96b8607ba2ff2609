import Explorer
import Foundation
import SAEKit
import Testing

/// A steering source that returns scripted pieces, recording the requests it got.
final class ScriptedSteering: SteeringSource, @unchecked Sendable {
    var requests: [GenerationRequest] = []
    let pieces: [(Int, String)]
    /// How many pieces were accepted before the caller said stop.
    var delivered = 0
    /// Called after each accepted piece with the count so far (a test may cancel the run here).
    var afterPiece: (Int) -> Void = { _ in }

    init(pieces: [(Int, String)]) { self.pieces = pieces }

    func generate(_ request: GenerationRequest, onPiece: (Int, String) -> Bool) throws {
        requests.append(request)
        for (side, text) in pieces {
            guard onPiece(side, text) else { return }
            delivered += 1
            afterPiece(delivered)
        }
    }
}

@Suite struct SteeringRunnerTests {
    let dictionary = SyntheticDictionary.make(architecture: .standard, dIn: 16, dSAE: 50, seed: 3)
    let request = GenerationRequest(run: 1, prompt: "Hi", chat: true, edits: [], maxTokens: 8, temperature: 0, seed: 0)

    @Test func piecesComeBackInOrderThenTheEnd() {
        let source = ScriptedSteering(pieces: [(0, "A"), (1, "B"), (0, ""), (0, "C")])
        let runner = EffectRunner(dictionary: dictionary, steering: source, mode: .inline)
        runner.run(Effect.generate(request).cancellable(id: .generation, cancelInFlight: true))
        #expect(runner.drain() == [.steering(.generationPiece(run: 1, side: 0, text: "A")),
                                   .steering(.generationPiece(run: 1, side: 1, text: "B")),
                                   .steering(.generationPiece(run: 1, side: 0, text: "C")),
                                   .steering(.generationFinished(run: 1))])
        #expect(source.requests == [request])
    }

    @Test func aCancelledRunStopsTheSourceAndSaysNothingMore() {
        let source = ScriptedSteering(pieces: [(0, "A"), (1, "B"), (0, "C"), (1, "D")])
        let runner = EffectRunner(dictionary: dictionary, steering: source, mode: .inline)
        source.afterPiece = { count in if count == 2 { runner.run(.cancel(.generation)) } }
        runner.run(.cancel(.generation))     // a cancel when nothing of the line runs changes nothing
        runner.run(Effect.generate(request).cancellable(id: .generation, cancelInFlight: true))
        #expect(source.delivered == 2)
        #expect(runner.drain() == [.steering(.generationPiece(run: 1, side: 0, text: "A")),
                                   .steering(.generationPiece(run: 1, side: 1, text: "B"))])
        #expect(!runner.isBusy)
    }

    @Test func withoutAModelTheRunFails() {
        let runner = EffectRunner(dictionary: dictionary, mode: .inline)
        runner.run(Effect.generate(request).cancellable(id: .generation, cancelInFlight: true))
        #expect(runner.drain() == [.steering(.generationFailed(run: 1, "no model"))])
    }

    @Test func presetsAreSavedAndLoadedInTurn() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("saescope-presets-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let shelf = PresetShelf(folders: [folder + "/shipped"], saveFolder: folder + "/mine")
        let runner = EffectRunner(dictionary: dictionary, presets: shelf, mode: .inline)
        runner.run(.loadPreset(after: nil))
        #expect(runner.drain() == [.steering(.noPresets)])
        let a = try SteeringPreset(mode: .splice, edits: [try FeatureEdit(parsing: "3=clamp:2x")], span: .generated)
        let b = try SteeringPreset(mode: .additive, edits: [try FeatureEdit(parsing: "4=add:5")], span: .all)
        runner.run(.savePreset(name: "b.json", b))
        runner.run(.savePreset(name: "a.json", a))
        #expect(runner.drain() == [.steering(.presetSaved(name: "b.json")), .steering(.presetSaved(name: "a.json"))])
        runner.run(.loadPreset(after: nil))
        runner.run(.loadPreset(after: "a.json"))
        runner.run(.loadPreset(after: "b.json"))
        #expect(runner.drain() == [.steering(.presetLoaded(name: "a.json", a)), .steering(.presetLoaded(name: "b.json", b)), .steering(.presetLoaded(name: "a.json", a))])
        try "{ not json".write(toFile: folder + "/mine/0-bad.json", atomically: true, encoding: .utf8)
        runner.run(.loadPreset(after: nil))
        guard case .steering(.presetFailed(let reason, let file)) = runner.drain().first else { Issue.record("a bad preset loaded"); return }
        #expect(reason.contains("0-bad.json") && file == "0-bad.json")
        // Through the reducer, the next load moves past the bad file.
        var state = Fixtures.openedState(width: 100, height: 30)
        Fixtures.reduce(&state, .steering(.presetFailed(reason, file: file)))
        let next = AppReducer.reduce(&state, .steering(.presetLoadRequested))
        #expect(next == [.loadPreset(after: "0-bad.json")])
        runner.run(next[0])
        #expect(runner.drain() == [.steering(.presetLoaded(name: "a.json", a))])
    }

    @Test func theUsersPresetWinsAName() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("saescope-presets-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let shipped = try SteeringPreset(mode: .splice, edits: [try FeatureEdit(parsing: "3=clamp:2x")], span: .generated)
        let mine = try SteeringPreset(mode: .splice, edits: [try FeatureEdit(parsing: "3=clamp:5x")], span: .all)
        try PresetShelf(folders: [], saveFolder: folder + "/shipped").save(shipped, name: "food.json")
        let shelf = PresetShelf(folders: [folder + "/shipped"], saveFolder: folder + "/mine")
        try shelf.save(mine, name: "food.json")
        #expect(shelf.presets().map(\.path) == [folder + "/mine/food.json"])
        #expect(try shelf.load(after: nil)?.preset.get() == mine)
    }
}
