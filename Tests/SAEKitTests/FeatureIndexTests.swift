import Foundation
import Testing
import SAEKit

/// The feature index end to end on a tiny synthetic model: held-out pass, records, SQLite round trip, search,
/// and annotations that survive reopening.
@Suite struct FeatureIndexTests {
    static let text = """
        the cat is on the mat. the dog is in the fog. this is the end of the text. the the the is is is. \
        ce n'est pas la fin. das ist nicht das Ende. 12345 67890 + - * / = ( ) [ ] { }
        """

    static func build(_ directory: String) throws -> (SparseDictionary, HeldOutActivations, [FeatureRecord], LanguageModel) {
        let model = try LanguageModel(path: try SyntheticModel.write())
        let dictionary = SyntheticDictionary.make(architecture: .topk, dIn: SyntheticModel.modelDim, dSAE: 40, k: 4, seed: 9)
        let documents = (0..<6).map { CorpusFile.Document(source: "test", text: Self.text + " \($0)") }
        let heldOut = try HeldOutActivations(model: model, documents: documents, hook: HookPoint(layer: 1, kind: .residPost),
                                             dictionaries: [dictionary], contextLength: 32, tokenLimit: 32 * 12)
        var settings = FeatureIndexBuilder.Settings()
        settings.topExamples = 5
        let records = FeatureIndexBuilder.records(dictionary: dictionary, activations: heldOut, which: 0, model: model,
                                                  write: HookPoint(layer: 1, kind: .residPost), settings: settings)
        return (dictionary, heldOut, records, model)
    }

    @Test func recordsAgreeWithTheCodes() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (dictionary, heldOut, records, _) = try Self.build(directory)
        #expect(heldOut.contexts.count == 12)
        #expect(heldOut.codes[0].rowCount == 12 * 31)
        #expect(records.count == dictionary.featureCount)
        let codes = heldOut.codes[0]
        for record in records {
            let values = (0..<codes.features.count).filter { Int(codes.features[$0]) == record.id }.map { codes.values[$0] }
            #expect(abs(record.density - Double(values.count) / Double(codes.rowCount)) < 1e-9)
            #expect(record.maxActivation == (values.max() ?? 0))
            #expect(record.histogram.reduce(0, +) == values.count)
            if let first = record.topExamples.first {
                #expect(first.maxActivation == record.maxActivation)
                #expect(first.tokens.count == first.activations.count)
                let maxima = record.topExamples.map(\.maxActivation)
                #expect(maxima == maxima.sorted(by: >))
            }
            #expect(record.promoted.count == 10 && record.suppressed.count == 10)
            #expect(record.promoted[0].effect >= record.promoted[9].effect)
            #expect(record.suppressed[0].effect <= record.suppressed[9].effect)
        }
        #expect(records.contains { !$0.topExamples.isEmpty })
    }

    @Test func storesSearchesAndAnnotates() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (dictionary, _, records, _) = try Self.build(directory)
        let path = directory + "/d.index.sqlite"
        try FeatureIndexWriter.write(records, metadata: ["dictionary_id": DictionaryIdentity.of(dictionary)], to: path)
        let index = try FeatureIndex(path: path)
        #expect(try index.featureCount() == dictionary.featureCount)
        let live = try #require(records.first { !$0.topTokens.isEmpty })
        // Example activations and token effects are stored as float16; everything else round-trips exactly.
        var expected = live
        let half = { (e: FeatureExample) in FeatureExample(ids: e.ids, tokens: e.tokens, activations: e.activations.map { Float(Float16($0)) },
                                                            maxActivation: e.maxActivation) }
        expected.topExamples = live.topExamples.map(half)
        expected.quantileExamples = live.quantileExamples.map(half)
        let halfEffect = { (e: TokenEffect) in TokenEffect(id: e.id, token: e.token, effect: Float(Float16(e.effect))) }
        expected.promoted = live.promoted.map(halfEffect)
        expected.suppressed = live.suppressed.map(halfEffect)
        #expect(try index.feature(live.id) == expected)
        #expect(try index.feature(dictionary.featureCount) == nil)
        let all = try index.allFeatures()
        #expect(all.map(\.id) == Array(0..<dictionary.featureCount))
        #expect(try all.allSatisfy { try $0 == index.feature($0.id) })
        let word = try #require(live.topTokens.first { $0.contains { $0.isLetter } } ?? nil)
        let overview = try index.overview(featureCount: dictionary.featureCount)
        #expect(overview.labels[live.id] == live.label && overview.topTokens[live.id] == live.topTokens.joined(separator: " "))
        let found = FeatureFinder(featureCount: dictionary.featureCount, labels: overview.labels, topTokens: overview.topTokens).find(word)
        #expect(found.contains(live.id))

        let store = try AnnotationStore(path: directory + "/annotations.sqlite")
        let id = DictionaryIdentity.of(dictionary)
        try store.save(Annotation(name: "Golden Gate", notes: "bridge things", starred: true), dictionary: id, feature: 7)
        let reopened = try AnnotationStore(path: directory + "/annotations.sqlite")
        #expect(try reopened.annotation(dictionary: id, feature: 7) == Annotation(name: "Golden Gate", notes: "bridge things", starred: true))
        #expect(try reopened.all(dictionary: id) == [7: Annotation(name: "Golden Gate", notes: "bridge things", starred: true)])
        let search = FeatureFinder(featureCount: dictionary.featureCount, labels: overview.labels, topTokens: overview.topTokens,
                                   annotations: try reopened.all(dictionary: id))
        #expect(search.find("golden").first == 7)
        #expect(search.find("12").first == 12)
        try reopened.save(Annotation(), dictionary: id, feature: 7)
        #expect(try reopened.annotation(dictionary: id, feature: 7) == nil)
    }

    /// Ids beyond 65,535 (Gemma's vocabulary of 262,144) are stored in 3 bytes and read back whole.
    @Test func largeTokenIDsRoundTripInThreeBytes() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (dictionary, _, records, _) = try Self.build(directory)
        var live = try #require(records.first { !$0.topExamples.isEmpty })
        let large = [262_143, 70_000, 65_536, 3]
        live.topExamples[0] = FeatureExample(ids: large, tokens: ["a", "b", "c", "d"], activations: [1, 2, 3, 4], maxActivation: 4)
        let path = directory + "/large.index.sqlite"
        try FeatureIndexWriter.write(records.map { $0.id == live.id ? live : $0 }, metadata: ["dictionary_id": DictionaryIdentity.of(dictionary)], to: path)
        let index = try FeatureIndex(path: path)
        #expect(index.metadata["token_id_bytes"] == "3")
        #expect(try index.feature(live.id)?.topExamples.first?.ids == large)
    }

    /// An index that keeps tokens' bytes reads an example whose characters are split over byte tokens as whole
    /// characters, where each token's own text is only U+FFFD.
    @Test func examplesReadSplitCharactersWholeFromTheTokensBytes() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (dictionary, _, records, _) = try Self.build(directory)
        var live = try #require(records.first { !$0.topExamples.isEmpty })
        // 境 (E5 A2 83) and 增 (E5 A2 9E) over three tokens; the ids stand for these bytes only in this index.
        let bytes: [Int: [UInt8]] = [901: [0xE5, 0xA2], 902: [0x83, 0xE5], 903: [0xA2, 0x9E], 904: Array(" wall".utf8)]
        let ids = [901, 902, 903, 904]
        let ownTexts = ids.map { String(decoding: bytes[$0]!, as: UTF8.self) }
        live.topExamples[0] = FeatureExample(ids: ids, tokens: ownTexts, activations: [0, 1, 3, 0], maxActivation: 3)
        let edited = records.map { $0.id == live.id ? live : $0 }
        let metadata = ["dictionary_id": DictionaryIdentity.of(dictionary)]
        let withBytes = directory + "/bytes.index.sqlite", without = directory + "/texts.index.sqlite"
        try FeatureIndexWriter.write(edited, metadata: metadata, tokenBytes: { bytes[$0] ?? Array("t\($0)".utf8) }, to: withBytes)
        try FeatureIndexWriter.write(edited, metadata: metadata, to: without)
        #expect(try FeatureIndex(path: withBytes).feature(live.id)?.topExamples.first?.tokens == ["", "境", "增", " wall"])
        #expect(try FeatureIndex(path: withBytes).allFeatures()[live.id].topExamples.first?.tokens == ["", "境", "增", " wall"])
        #expect(try FeatureIndex(path: without).feature(live.id)?.topExamples.first?.tokens == ownTexts)
    }

    @Test func labelMatchesRankAboveTopTokenMatches() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (dictionary, _, records, _) = try Self.build(directory)
        var edited = records
        edited[3].label = "of"
        edited[3].topTokens = ["of", "food"]
        edited[5].label = "food · meal · bread"
        edited[5].topTokens = ["food", "meal", "bread", "soup", "rice", "bean", "corn", "salt"]
        let path = directory + "/ranked.index.sqlite"
        try FeatureIndexWriter.write(edited, metadata: ["dictionary_id": DictionaryIdentity.of(dictionary)], to: path)
        let overview = try FeatureIndex(path: path).overview(featureCount: dictionary.featureCount)
        let found = FeatureFinder(featureCount: dictionary.featureCount, labels: overview.labels, topTokens: overview.topTokens).find("food")
        #expect(found.prefix(2) == [5, 3])
    }

    @Test func rejectsFilesThatAreNotIndexes() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: InputError.self) { try FeatureIndex(path: directory + "/missing.sqlite") }
        let junk = try Data("not a database at all".utf8).written(in: directory, name: "junk.sqlite")
        #expect(throws: InputError.self) { try FeatureIndex(path: junk) }
    }
}
