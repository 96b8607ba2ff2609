import Foundation
import Testing
import SAEKit

/// Feature indexes made from Neuronpedia exports (`Tests/make_neuronpedia_export.py`): the statistics, examples and
/// token effects as the export gives them, token strings as it shows them, bounded batch by batch; and the exports
/// that are not this dictionary's, or not well formed, refused with one line and nothing left behind.
@Suite struct NeuronpediaImportTests {
    static let dictionaryPath = Fixtures.path("families/llama3/dictionary")

    static func opened() throws -> (SparseDictionary, LanguageModel) {
        (try DictionaryLoader.load(dictionaryPath), try LanguageModel(path: Fixtures.path("families/llama3/model.gguf")))
    }

    /// The rows of one of the fixture's batch files.
    static func rows(_ file: String) throws -> [[String: Any]] {
        let data = try Gzip.decompress(try Data(contentsOf: URL(fileURLWithPath: file)), source: file)
        return try data.split(separator: UInt8(ascii: "\n")).map { try JSONSerialization.jsonObject(with: Data($0)) as! [String: Any] }
    }

    /// Imports `export` into a scratch index; the index's path.
    static func imported(_ export: String, force: Bool = false, limit: Int = 1 << 30) throws -> (String, NeuronpediaImport.Summary) {
        let (dictionary, model) = try opened()
        let out = Fixtures.temporaryDirectory() + "/imported.index.sqlite"
        let summary = try NeuronpediaImport(export: try NeuronpediaExport(path: export, limit: limit)).run(
            dictionary: dictionary, hookName: dictionary.config.hookName, tokenizer: model.tokenizer,
            metadata: ["dictionary_id": DictionaryIdentity.of(dictionary)], out: out, force: force)
        return (out, summary)
    }

    @Test func importsWhatTheExportHolds() throws {
        let export = Fixtures.path("neuronpedia_export/full")
        let (path, summary) = try Self.imported(export)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let (dictionary, model) = try Self.opened()
        let index = try FeatureIndex(path: path)
        #expect(try index.mismatch(with: dictionary) == nil)
        #expect(try index.featureCount() == 64 && summary.features == 64)
        #expect(index.importedFrom == "Neuronpedia (tiny-llama3/0-res-64)" && index.statisticsSource == "Neuronpedia's export of tiny-llama3/0-res-64")
        #expect(summary.source == "tiny-llama3/0-res-64" && summary.unmatchedStrings == 1, "\(summary)")

        let features = try (0...1).flatMap { try Self.rows(export + "/features/batch-\($0).jsonl.gz") }
        let records = try (0...1).flatMap { try Self.rows(export + "/activations/batch-\($0).jsonl.gz") }
        let vocabulary = model.tokenizer.vocabularySize
        for row in features {
            let id = Int(row["index"] as! String)!
            let record = try #require(try index.feature(id))
            #expect(abs(record.density - (row["frac_nonzero"] as! Double)) < 1e-9)
            let mine = records.filter { $0["index"] as! String == row["index"] as! String }
            let strongest = mine.map { ($0["maxValue"] as! Double) }.sorted(by: >)
            #expect(record.topExamples.count == min(20, mine.count))
            // Strongest first, each the record's maximum (float16 in the index), its peak inside the window.
            for (example, expected) in zip(record.topExamples, strongest) {
                #expect(abs(Double(example.maxActivation) - expected) < 1e-3 * max(1, expected))
                #expect(example.peak.map { abs(Double(example.activations[$0]) - expected) < 1e-2 * max(1, expected) } == true)
                #expect(example.tokens.count <= 13 && example.ids.count == example.tokens.count)
                // Each token string as Neuronpedia shows it, under the model's id for it when it is a token.
                for (tokenID, text) in zip(example.ids, example.tokens) where tokenID < vocabulary {
                    #expect(model.tokenizer.text(of: tokenID, special: true) == text)
                }
            }
            #expect(record.quantileExamples.count == (mine.isEmpty ? 0 : 3))
            let positive = row["pos_str"] as! [String], positiveValues = row["pos_values"] as! [Double]
            #expect(record.promoted.map(\.token) == positive)
            #expect(zip(record.promoted, positiveValues).allSatisfy { abs(Double($0.effect) - $1) < 1e-2 })
            #expect(record.suppressed.map(\.token) == row["neg_str"] as! [String])
            // Neuronpedia's neighbour list, the feature itself left out.
            let listed = zip(row["topkCosSimIndices"] as! [Int], row["topkCosSimValues"] as! [Double]).filter { $0.0 != id }
            #expect(record.neighbours?.map(\.feature) == listed.map(\.0))
            #expect(zip(record.neighbours ?? [], listed).allSatisfy { abs(Double($0.cosine) - $1.1) < 1e-6 })
            let heights = row["freq_hist_data_bar_heights"] as! [Int]
            #expect(record.histogram.reduce(0, +) == heights.reduce(0, +))
            #expect(mine.isEmpty == (record.maxActivation == 0))
        }
        // The string that is no token of the model is kept as it is shown, under an id past the vocabulary.
        let strongest = try #require(try index.feature(7)?.topExamples.first)
        let peak = try #require(strongest.peak)
        #expect(strongest.tokens[peak] == "\u{2603}not-a-token" && strongest.ids[peak] >= vocabulary)
    }

    @Test func importsAnExportWithoutExplanations() throws {
        let export = try NeuronpediaExport(path: Fixtures.path("neuronpedia_export/plain"))
        #expect(export.explanations.isEmpty)
        let (path, summary) = try Self.imported(Fixtures.path("neuronpedia_export/plain"))
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        #expect(summary.features == 64)
    }

    /// A copy of the full export with `change` made to it; the copy's folder.
    static func changed(_ change: (String) throws -> Void) throws -> String {
        let copy = Fixtures.temporaryDirectory() + "/export"
        try FileManager.default.copyItem(atPath: Fixtures.path("neuronpedia_export/full"), toPath: copy)
        try change(copy)
        return copy
    }

    /// Rewrites one batch file's rows, gzipped.
    static func rewrite(_ file: String, _ edit: ([[String: Any]]) -> [[String: Any]]) throws {
        let rows = edit(try Self.rows(file))
        let text = try rows.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }.joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: file.replacingOccurrences(of: ".jsonl.gz", with: ".jsonl")))
        try FileManager.default.removeItem(atPath: file)
    }

    @Test func refusesWhatIsNotThisDictionarysOrNotWellFormed() throws {
        func refusal(_ export: String, force: Bool = false, limit: Int = 1 << 30) -> String? {
            let out = Fixtures.temporaryDirectory() + "/imported.index.sqlite"
            do {
                let (dictionary, model) = try Self.opened()
                _ = try NeuronpediaImport(export: try NeuronpediaExport(path: export, limit: limit)).run(
                    dictionary: dictionary, hookName: dictionary.config.hookName, tokenizer: model.tokenizer, metadata: [:], out: out, force: force)
                return nil
            } catch let error as InputError {
                // Nothing is left under the index's name, nor half-written beside it.
                let left = (try? FileManager.default.contentsOfDirectory(atPath: (out as NSString).deletingLastPathComponent)) ?? []
                return left.isEmpty ? "\(error)" : "left \(left)"
            } catch {
                return "not an InputError: \(error)"
            }
        }
        let beyond = try Self.changed { try Self.rewrite($0 + "/features/batch-1.jsonl.gz") { rows in rows + [["index": "64", "maxActApprox": 1.0, "frac_nonzero": 0.1]] } }
        #expect(refusal(beyond)?.contains("holds feature 64, but the dictionary has 64 features") == true, "\(refusal(beyond) ?? "")")
        let hook = try Self.changed { try Self.rewrite($0 + "/features/batch-0.jsonl.gz") { rows in rows.map { var r = $0; r["hookName"] = "blocks.5.hook_resid_post"; return r } } }
        #expect(refusal(hook)?.contains("blocks.5.hook_resid_post") == true)
        #expect(refusal(hook, force: true) == nil)
        let notJSON = try Self.changed { folder in
            try Self.rewrite(folder + "/activations/batch-0.jsonl.gz") { $0 }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: folder + "/activations/batch-0.jsonl"))
            handle.seekToEndOfFile()
            handle.write(Data("{\"index\": \"3\", \"tokens\": [\n".utf8))
            try handle.close()
        }
        #expect(refusal(notJSON)?.contains("batch-0.jsonl:") == true, "\(refusal(notJSON) ?? "")")
        let cut = try Self.changed { folder in
            let file = folder + "/activations/batch-1.jsonl.gz"
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: file))
        }
        #expect(refusal(cut)?.contains("batch-1.jsonl.gz") == true, "\(refusal(cut) ?? "")")
        // A batch larger than the bound (a line of gigabytes) is refused before it is held whole.
        #expect(refusal(Fixtures.path("neuronpedia_export/full"), limit: 4096)?.contains("batch-0.jsonl.gz") == true)
    }
}
