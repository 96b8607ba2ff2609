import Explorer
import SAEKit
import TermKit
import Testing

/// The dictionary overview: its figures asked for once, arriving in steps, computed by the engine, and drawn at two
/// sizes (text recorded in Snapshots/).
@Suite struct OverviewTests {
    /// The fixture's overview with every figure in: made-up norms and cosines that are easy to read.
    static func complete(width: Int, height: Int) -> AppState {
        var state = Fixtures.measured(width: width, height: height)
        state.shared.dictionary.trainedOn = "toy-model"
        state.shared.dictionary.statisticsSource = "250000 tokens"
        state.shared.dictionary.evaluation = RecordedEvaluation(
            figures: SpliceEvaluation(ce_clean: 3.1, ce_spliced: 3.3, ce_zero_ablated: 9.1, ce_loss_recovered: 0.9667,
                                      kl: 0.212, fve: 0.931, l0: 41.5, tokens: 8064),
            text: "heldout.jsonl", date: "2026-12-02T10:00:00Z")
        Fixtures.reduce(&state, .paneFocused(.overview),
                        .overview(.normsArrived(Bins((0..<1000).map { 0.8 + Float($0 % 40) / 100 }, low: 0.8, high: 1.19, count: 32))),
                        .overview(.redundancyArrived(Bins((0..<1000).map { Float($0 % 97) / 100 }, low: 0, high: 0.96, count: 32), twins: 60)))
        return state
    }

    @Test func focusingTheOverviewAsksForTheDecoderFiguresOnce() {
        var store = TestStore(Fixtures.openedState(width: 80, height: 24))
        store.send(.paneFocused(.overview), effects: [.computeDictionaryHealth.cancellable(id: .health)]) {
            $0.shared.focus = .overview
            $0.overview.requested = true
        }
        store.send(.overview(.normsArrived(Bins([1, 1], low: 1, high: 1, count: 4)))) {
            $0.overview.decoderNorms = Bins([1, 1], low: 1, high: 1, count: 4)
        }
        store.send(.overview(.progressed(done: 512, total: 1000))) {
            $0.overview.progress = WorkProgress(done: 512, total: 1000)
        }
        // Moving the selection while the overview covers the list does nothing.
        store.send(.selectionMoved(.rows(1)))
        store.send(.paneFocused(.features)) { $0.shared.focus = .features }
        store.send(.paneFocused(.overview)) { $0.shared.focus = .overview }
        store.send(.overview(.redundancyArrived(Bins([0.5], low: 0.5, high: 0.5, count: 2), twins: 0))) {
            $0.overview.redundancy = Bins([0.5], low: 0.5, high: 0.5, count: 2)
            $0.overview.twins = 0
            $0.overview.progress = nil
        }
        #expect(Keymap.action(for: .char("6"), in: store.state) == .paneFocused(.overview))
    }

    @Test func theFiringFiguresComeFromTheStatisticsAtOnce() {
        let state = Fixtures.measured()
        // The fixture's densities are 0, 0.1%, … 0.9% in turn: a tenth of the features never fire.
        #expect(state.overview.firing?.dead == 100)
        #expect(state.overview.firing?.logDensity.total == 900)
        var bare = Fixtures.summary
        bare.density = nil
        #expect(AppState(dictionary: bare).overview.firing == nil)
    }

    /// A file's own statistics (what `saescope train` measured on training activations) show until an index is
    /// adopted; then the index's held-out figures replace them, and say what they were measured on.
    @Test func theIndexFiguresReplaceTheFilesOwn() {
        let dictionary = SyntheticDictionary.make(architecture: .topk, dIn: 8, dSAE: 4, k: 2)
        let trained = SparseDictionary(config: dictionary.config, encoder: dictionary.encoder, encoderIsFeatureMajor: false,
                                       decoder: dictionary.decoder, encoderBias: dictionary.encoderBias,
                                       decoderBias: dictionary.decoderBias,
                                       statistics: FeatureStatistics(density: [0.5, 0, 0.25, 0.1], maxActivation: [3, 0, 2, 1],
                                                                     meanActivation: [1, 0, 1, 1], source: "4096 training activations"))
        var summary = DictionarySummary(trained, name: "trained")
        #expect(summary.maxActivation == [3, 0, 2, 1] && summary.statisticsSource == "4096 training activations")
        summary.adopt(FeatureIndex.Overview(labels: ["a", "b", "c", "d"], topTokens: ["", "", "", ""], density: [0.4, 0.01, 0.2, 0],
                                            maxActivation: [5, 1, 2, 0], meanActivation: [2, 1, 1, 0]), source: "65024 tokens")
        #expect(summary.density == [0.4, 0.01, 0.2, 0] && summary.maxActivation == [5, 1, 2, 0])
        #expect(summary.statisticsSource == "65024 tokens")
    }

    @Test func theEngineComputesNormsAndCosines() throws {
        let dictionary = SyntheticDictionary.make(architecture: .standard, dIn: 16, dSAE: 300, seed: 5)
        let app = try ExplorerApp(dictionary: dictionary, name: "synthetic", theme: Theme(), effects: .inline)
        let device = ScriptedDevice(width: 100, height: 30, keys: [.char("6"), nil])
        app.run(on: device)
        let cosines = DictionaryHealth.highestCosinesReference(of: dictionary)
        let overview = app.state.overview
        let redundancy = try #require(overview.redundancy)
        #expect(abs(redundancy.low - cosines.min()!) < 1e-5 && abs(redundancy.high - cosines.max()!) < 1e-5)
        #expect(redundancy.total == 300 && redundancy.counts.count == 32)
        #expect(overview.twins == cosines.filter { $0 > OverviewState.twinCosine }.count)
        #expect(overview.decoderNorms?.total == 300 && overview.progress == nil)
        let text = try #require(device.frames.last).text
        #expect(text.contains("Overview · synthetic") && text.contains("decoder norm") && text.contains("max cosine to"))
    }

    @Test func completeAt120x34() {
        Snapshot.check(Screen.render(Self.complete(width: 120, height: 34), palette: Fixtures.palette).text, "Overview.complete120x34")
    }

    @Test func computingAtTheMinimumSize() {
        var state = Fixtures.measured(width: 50, height: 16)
        Fixtures.reduce(&state, .paneFocused(.overview), .overview(.progressed(done: 350, total: 1000)))
        Snapshot.check(Screen.render(state, palette: Fixtures.palette).text, "Overview.computing50x16")
    }

    @Test func stackedAt80x24() {
        Snapshot.check(Screen.render(Self.complete(width: 80, height: 24), palette: Fixtures.palette).text, "Overview.stacked80x24")
    }
}
