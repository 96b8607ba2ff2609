import Explorer
import SAEKit
import TermKit
import Testing

@Suite struct FeatureSearchTests {
    @Test func prefixesOfIdsInOrder() {
        #expect(FeatureFinder(featureCount: 1300).find("12") == [12] + Array(120...129) + Array(1200...1299))
        #expect(FeatureFinder(featureCount: 125).find("12") == [12, 120, 121, 122, 123, 124])
        #expect(FeatureFinder(featureCount: 5).find("7") == [])
        #expect(FeatureFinder(featureCount: 4).find(" 3 ") == [3])
    }

    @Test func blankZeroAndNonNumbers() {
        #expect(FeatureFinder(featureCount: 3).find("") == [0, 1, 2])
        #expect(FeatureFinder(featureCount: 3).find("0") == [0])
        #expect(FeatureFinder(featureCount: 30).find("01") == [])
        #expect(FeatureFinder(featureCount: 30).find("cat") == [])
        #expect(FeatureFinder(featureCount: 30).find("١٢") == [])   // Arabic-Indic digits are not ids
        #expect(FeatureFinder.isWordQuery("cat"))
        #expect(!FeatureFinder.isWordQuery("42"))
        #expect(!FeatureFinder.isWordQuery(""))
    }

    /// Words must each appear in one of a feature's texts; a word in the user's name counts most, then an imported
    /// explanation, the index's label, its top tokens and the user's notes; equal scores go by id.
    @Test func wordsRankByWhereTheyAreFound() {
        let finder = FeatureFinder(featureCount: 6, labels: ["", "golden · gate", "bridge", "", "", "Golden"],
                                   topTokens: ["", "", "golden bridge", "", "", ""],
                                   imported: [3: ImportedLabel(text: "The Golden Gate Bridge", source: "Neuronpedia")],
                                   annotations: [4: Annotation(name: "", notes: "golden hour"), 0: Annotation(name: "Golden retriever")])
        #expect(finder.find("golden") == [0, 3, 1, 5, 2, 4])
        #expect(finder.find("GOLDEN bridge") == [3, 2])
        #expect(finder.find("#5") == [5])
        #expect(finder.find("silver").isEmpty)
        #expect(finder.hasTexts && !FeatureFinder(featureCount: 3).hasTexts)
        // In the same field, a word among the strongest top tokens comes before one among the weaker.
        let tokens = FeatureFinder(featureCount: 3, topTokens: ["a b food", "food", "x seafood"])
        #expect(tokens.find("food") == [1, 2, 0])
    }

    @Test func largeDictionariesStayCheap() {
        let ids = FeatureFinder(featureCount: 1_048_576).find("9")
        #expect(ids.count == 1 + 10 + 100 + 1000 + 10000 + 100000)
        #expect(ids.first == 9 && ids.last == 999_999)
    }
}

@Suite struct TextSearchTests {
    /// Two tokens: feature 40 (max 4) at 2 = half its max, feature 900 (max 90) at 60 = two thirds, feature 7 at 0.7 = all of it.
    let tokens = [EncodedToken(bytes: Array("Hi".utf8), features: [FeatureValue(feature: 40, value: 2), FeatureValue(feature: 900, value: 60)]),
                  EncodedToken(bytes: Array(" there".utf8), features: [FeatureValue(feature: 7, value: 0.7), FeatureValue(feature: 40, value: 1)])]

    @Test func ranksByPeakRelativeToEachFeaturesMax() {
        #expect(FiringRanking.firingMost(on: tokens, maxActivation: Fixtures.summary.maxActivation) == [7, 900, 40])
        #expect(FiringRanking.firingMost(on: tokens, maxActivation: nil) == [900, 40, 7])
        #expect(FiringRanking.firingMost(on: [], maxActivation: nil).isEmpty)
    }

    @Test func contrastRanksWhatFiresOnTheFirstTextMoreThanOnTheSecond() {
        // On the second text 900 fires at its peak (90 of 90) and 40 at a quarter of its max (1 of 4).
        let second = [EncodedToken(bytes: Array("Oh".utf8), features: [FeatureValue(feature: 900, value: 90), FeatureValue(feature: 40, value: 1)])]
        let maxima = Fixtures.summary.maxActivation
        // 7: 1 − 0; 40: 0.5 − 0.25; 900: 2/3 − 1 < 0, left out.
        #expect(FiringRanking.firingMore(on: tokens, than: second, maxActivation: maxima) == [7, 40])
        #expect(FiringRanking.firingMore(on: tokens, than: tokens, maxActivation: maxima).isEmpty)
        #expect(FiringRanking.firingMore(on: tokens, than: [], maxActivation: maxima) == FiringRanking.firingMost(on: tokens, maxActivation: maxima))
    }

    @Test func byMeanAFeatureFiringThroughoutOutranksOneThatPeaksOnce() {
        // Over three tokens, 5 fires once at its max (mean 1/3); 6 fires on every token at half its max (mean 1/2).
        let maxima: [Float] = Array(repeating: 1, count: 8)
        let text = [EncodedToken(bytes: [65], features: [FeatureValue(feature: 5, value: 1), FeatureValue(feature: 6, value: 0.5)]),
                    EncodedToken(bytes: [66], features: [FeatureValue(feature: 6, value: 0.5)]),
                    EncodedToken(bytes: [67], features: [FeatureValue(feature: 6, value: 0.5)])]
        #expect(FiringRanking.firingMore(on: text, than: [], maxActivation: maxima, by: .peak) == [5, 6])
        #expect(FiringRanking.firingMore(on: text, than: [], maxActivation: maxima, by: .mean) == [6, 5])
        let means = FiringRanking.means(on: text, maxActivation: maxima)
        #expect(abs(means[5]! - 1.0 / 3) < 1e-6 && abs(means[6]! - 0.5) < 1e-6)
        // On the other text 6 fires on one token of two at its max: mean 1/2, as high as on the first text, so it is left out.
        let other = [EncodedToken(bytes: [68], features: [FeatureValue(feature: 6, value: 1)]), EncodedToken(bytes: [69], features: [])]
        #expect(FiringRanking.firingMore(on: text, than: other, maxActivation: maxima, by: .mean) == [5])
    }

    @Test func ctrlKKeepsATextAndCtrlFThenContrastsWithIt() {
        var state = Fixtures.openedState(width: 100, height: 30)
        state.shared.modelName = "toy-model"
        var store = TestStore(state)
        store.skip(.paneFocused(.heatmap), .textKeyTyped(.paste("Oh")))
        store.send(Keymap.action(for: .ctrl("k"), in: store.state)!) { $0.shared.message = "wait for the text to be encoded" }
        let sink = EncodedToken(bytes: [], features: [FeatureValue(feature: 999, value: 99)])
        let oh = [sink, EncodedToken(bytes: Array("Oh".utf8), features: [FeatureValue(feature: 900, value: 90)])]
        store.skip(.heatmap(.encoded(text: "Oh", oh)))
        store.send(.heatmap(.keptForContrast)) {
            $0.heatmap.kept = HeatmapState.KeptText(text: "Oh", tokens: oh)
            $0.shared.message = "kept this text: type another, and Ctrl-F lists what fires on it and not on this one"
        }
        store.skip(.textKeyTyped(.ctrl("u")), .textKeyTyped(.paste("Hi there")), .heatmap(.encoded(text: "Hi there", [sink] + tokens)))
        store.send(.heatmap(.textSearchRequested(by: .peak)), effects: [.neighbours(of: 7)]) {
            $0.heatmap.ranksWhenEncoded = false
            $0.features.matches = [7, 40]
            $0.features.ranking = [7, 40]
            $0.features.matchesNote = "on the text, not the kept one"
            $0.features.list = ListState(selected: 0)
            $0.shared.focus = .features
            $0.shared.message = "strongest first, relative to each feature's max; / Esc lists all"
            $0.awaitNeighbours(of: 7)
        }
        #expect(Screen.render(store.state, palette: Fixtures.palette).text.contains("Heatmap of #7 · contrast with «Oh»"))
        // Ctrl-K on an empty text forgets the kept one.
        store.skip(.paneFocused(.heatmap), .textKeyTyped(.ctrl("u")))
        store.send(.heatmap(.keptForContrast)) {
            $0.heatmap.kept = nil
            $0.shared.message = "the kept text is forgotten: Ctrl-F lists what fires on a text"
        }
    }

    /// Types "Hi there" in the heatmap and presses Ctrl-`key` while the encoding is still under way; the list follows
    /// once it arrives: `ranking` under `note`, with `message`. The first token is the attention sink: what fires
    /// there is left out.
    private func rankText(key: Character, measure: FiringRanking.Measure, expecting ranking: [Int], note: String,
                          message: String) -> TestStore {
        var state = Fixtures.openedState(width: 100, height: 30)
        state.shared.modelName = "toy-model"
        var store = TestStore(state)
        store.skip(.paneFocused(.heatmap))
        for c in "Hi there" { store.skip(.textKeyTyped(.char(c))) }
        store.send(Keymap.action(for: .ctrl(key), in: store.state)!) {
            $0.heatmap.ranksWhenEncoded = true
            $0.heatmap.rankMeasure = measure
        }
        let sink = EncodedToken(bytes: [], features: [FeatureValue(feature: 999, value: 99)])
        store.send(.heatmap(.encoded(text: "Hi there", [sink] + tokens)), effects: [.neighbours(of: ranking[0])]) {
            $0.heatmap.tokens = [sink] + tokens
            $0.heatmap.encodedText = "Hi there"
            $0.heatmap.pending = false
            $0.heatmap.ranksWhenEncoded = false
            $0.features.matches = ranking
            $0.features.ranking = ranking
            $0.features.matchesNote = note
            $0.features.list = ListState(selected: 0)
            $0.shared.focus = .features
            $0.shared.message = message
            $0.awaitNeighbours(of: ranking[0])
        }
        return store
    }

    @Test func ctrlGRanksByTheMeanOverTheText() {
        // Means over the two tokens: 7 is 1/2, 40 (1/2 and 1/4 of its max) 3/8, 900 (2/3 once) 1/3.
        _ = rankText(key: "g", measure: .mean, expecting: [7, 40, 900], note: "throughout the text",
                     message: "highest mean over the text first, relative to each feature's max; / Esc lists all")
    }

    @Test func ctrlFInTheHeatmapListsTheFeaturesFiringOnTheText() {
        var store = rankText(key: "f", measure: .peak, expecting: [7, 900, 40], note: "on the text",
                             message: "strongest first, relative to each feature's max; / Esc lists all")
        #expect(Screen.render(store.state, palette: Fixtures.palette).text.contains("Features 3/1000 · on the text"))
        store.skip(.features(.searchStarted))
        store.send(.features(.searchCancelled)) {
            $0.features.isSearching = false
            $0.features.matches = Array(0..<1000)
            $0.features.matchesNote = nil
            $0.features.ranking = nil
            $0.features.list = ListState(selected: 7)
            $0.shared.message = nil
        }
    }

    @Test func theStarFilterKeepsTheStarredOfARankingAndGivesItBack() {
        var state = Fixtures.openedState(width: 100, height: 30)
        state.shared.annotations = [900: Annotation(starred: true)]
        Fixtures.reduce(&state, .features(.rankedByText([7, 900, 40], contrasted: false, by: .peak)))
        var store = TestStore(state)
        store.send(.features(.starFilterToggled), effects: [.neighbours(of: 900)]) {
            $0.features.starredOnly = true
            $0.features.matches = [900]
            $0.features.list = ListState(selected: 0)
            $0.shared.message = nil
            $0.awaitNeighbours(of: 900)
        }
        // Off again: the whole ranking, the selection staying on #900.
        store.send(.features(.starFilterToggled)) {
            $0.features.starredOnly = false
            $0.features.matches = [7, 900, 40]
            $0.features.list = ListState(selected: 1)
        }
    }

    @Test func withoutAModelOrTextItSaysWhy() {
        var store = TestStore(Fixtures.openedState(width: 100, height: 30))
        store.send(.heatmap(.textSearchRequested(by: .peak))) {
            $0.shared.message = "search by text needs the model: no model (saescope model fetch)"
        }
        var state = store.state
        state.shared.modelName = "toy-model"
        store = TestStore(state)
        store.send(.heatmap(.textSearchRequested(by: .peak))) { $0.shared.message = "type or paste text into the heatmap first" }
    }
}
