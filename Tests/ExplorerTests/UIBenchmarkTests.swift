import Explorer
import SAEKit
import Testing

@Suite struct UIBenchmarkTests {
    @Test func reportsEveryFigure() {
        let dictionary = SyntheticDictionary.make(architecture: .topk, dIn: 8, dSAE: 64, k: 4, seed: 2)
        let figures = UIBenchmark.run(dictionary: dictionary, width: 80, height: 24, keys: 16)
        #expect(figures.map(\.name) == ["first frame", "navigation key → frame, median", "navigation key → frame, p99",
                                        "neighbour query + frame, median", "overview decoder figures", "overview frame, median",
                                        "attribution key → frame, median"])
        #expect(figures.allSatisfy { $0.milliseconds > 0 && $0.milliseconds.isFinite })
        #expect(figures[1].milliseconds <= figures[2].milliseconds)
        #expect(figures[1].note.hasPrefix("80×24"))
    }
}

@Suite struct UIBenchmarkHeatmapTests {
    @Test func reportsTheReencodeWithAModel() {
        let dictionary = SyntheticDictionary.make(architecture: .standard, dIn: 16, dSAE: 50, seed: 4)
        let model = FakeModel(dictionary: dictionary, feature: 3)
        let figures = UIBenchmark.run(dictionary: dictionary, model: model, width: 80, height: 24, keys: 8)
        #expect(figures.last?.name == "heatmap re-encode + frame, median")
        #expect(figures.last?.note.hasPrefix("\(UIBenchmark.heatmapText.count) tokens, fake-model") == true)
        #expect(model.calls.allSatisfy { $0 == UIBenchmark.heatmapText } && model.calls.count == 6)
    }
}

@Suite struct UIBenchmarkSteeringTests {
    @Test func reportsTheSteeringRunWithEveryPieceFramed() {
        let dictionary = SyntheticDictionary.make(architecture: .standard, dIn: 16, dSAE: 50, seed: 4)
        let source = ScriptedSteering(pieces: [(0, "A"), (1, "B"), (0, "C"), (1, "D")])
        let figures = UIBenchmark.run(dictionary: dictionary, steering: source, width: 80, height: 24, keys: 8)
        #expect(figures.suffix(2).map(\.name) == ["steering: Enter → first steered token", "steering: per token, both sides"])
        #expect(figures.last?.note.hasPrefix("4 pieces in") == true)
        #expect(source.requests.count == 1 && source.requests[0].maxTokens == UIBenchmark.steeringTokens)
        #expect(source.requests[0].sides.count == 2 && source.requests[0].sides[0].edits.count == 1)
    }
}
