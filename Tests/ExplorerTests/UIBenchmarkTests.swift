import Explorer
import SAEKit
import Testing

@Suite struct UIBenchmarkTests {
    @Test func reportsEveryFigure() {
        let dictionary = SyntheticDictionary.make(architecture: .topk, dIn: 8, dSAE: 64, k: 4, seed: 2)
        let figures = UIBenchmark.run(dictionary: dictionary, width: 80, height: 24, keys: 16)
        #expect(figures.map(\.name) == ["first frame", "navigation key → frame, median", "navigation key → frame, p99",
                                        "neighbour query + frame, median"])
        #expect(figures.allSatisfy { $0.milliseconds > 0 && $0.milliseconds.isFinite })
        #expect(figures[1].milliseconds <= figures[2].milliseconds)
        #expect(figures[1].note.hasPrefix("80×24"))
    }
}
