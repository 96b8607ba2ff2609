import Foundation
import Testing
import SAEKit

/// The pieces of `saescope corpus generate`: the sampler's fast path against its plain twin, batched generation
/// against one prompt at a time, the text filter, and the output folder's resume.
@Suite struct CorpusGenerationTests {
    @Test func theSamplerPicksAsSortingEverythingDoes() throws {
        var random = SeededGenerator(seed: 5)
        for (temperature, topK, topP) in [(Float(0.8), 0, Float(0.95)), (1, 40, 0.9), (0.5, 0, 1), (2, 0, 0.3)] {
            var fast = try Sampler(temperature: temperature, topK: topK, topP: topP, seed: 3)
            var plain = fast
            for _ in 0..<200 {
                let logits = (0..<3000).map { _ in Float.random(in: -12...12, using: &random) }
                let a = logits.withUnsafeBufferPointer { fast.sample($0) }, b = logits.withUnsafeBufferPointer { plain.sampleSortingAll($0) }
                #expect(a == b, "T \(temperature) k \(topK) p \(topP)")
            }
        }
    }

    @Test func batchedGenerationMatchesOnePromptAtATime() throws {
        let model = try LanguageModel(path: try SyntheticModel.write())
        let prompts = [[5, 40, 77], [200, 3, 150, 9, 260], [261, 33], [12, 90, 91, 92], [7]]
        var results: [Int: [Int]] = [:]
        let generator = BatchedGenerator(session: ModelSession(model: model, lanes: 2), maxTokens: 9, prefillBudget: 4)
        try generator.run(prompts.enumerated().map { .init(id: $0, prompt: $1, sampler: try Sampler()) }) { result in
            results[result.id] = result.tokens
            return true
        }
        #expect(results.count == prompts.count)
        for (id, prompt) in prompts.enumerated() {
            let alone = try Generator.run(session: ModelSession(model: model), prompt: prompt, maxTokens: 9, sampler: try Sampler())
            #expect(results[id] == alone, "prompt \(id)")
        }
    }

    @Test func theFilterCutsLoopsStockLinesAndDuplicates() {
        var filter = GeneratedTextFilter(minimumCharacters: 40, lineRepeatLimit: 2)
        let looping = "The river runs through the old town. It is wide and slow.\nThe river runs through the old town. Again."
        #expect(filter.clean(looping, stopped: true) == "The river runs through the old town. It is wide and slow.")
        #expect(filter.clean(looping, stopped: true) == nil)   // the same document again
        let cut = "Bread needs flour, water and salt. Knead it for ten minutes. Then let it"
        #expect(filter.clean(cut, stopped: false) == "Bread needs flour, water and salt. Knead it for ten minutes.")
        #expect(filter.clean("Too short.", stopped: true) == nil)
        for topic in ["tea", "coffee", "cocoa"] {
            let text = filter.clean("Sure! Here is the text you asked for.\nA paragraph about \(topic), long enough to keep.", stopped: true)
            #expect(text?.hasPrefix("Sure!") == (topic != "cocoa"), "\(topic): \(text ?? "dropped")")
        }
    }

    @Test func theFolderResumesWhereItStoppedAndCutsATornLine() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("generated-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let prompt = { (id: Int) in GenerationPrompt(id: id, prompt: "Write.", topic: "t\(id)", genre: "story", language: "English") }
        let text = { (id: Int) in "Document number \(id) tells a story that is long enough to keep in the corpus." }
        do {
            let corpus = try GeneratedCorpus(folder: folder, filter: GeneratedTextFilter(minimumCharacters: 20))
            for id in 0..<4 { try corpus.add(prompt(id), text: text(id), stopped: true) { $0.count / 4 } }
            try corpus.add(prompt(4), text: "short", stopped: true) { $0.count }
            #expect(corpus.keptCount == 4 && corpus.droppedCount == 1)
        }
        let handle = try #require(FileHandle(forWritingAtPath: folder + "/train.jsonl"))
        handle.seekToEndOfFile()
        handle.write(Data("{\"id\": 9, \"te".utf8))   // a write torn by a kill
        try handle.close()
        let resumed = try GeneratedCorpus(folder: folder, filter: GeneratedTextFilter(minimumCharacters: 20))
        #expect(resumed.finishedIDs == [0, 1, 2, 3, 4] && resumed.keptCount == 4 && resumed.droppedCount == 1)
        #expect(resumed.keptTokens["heldout"] == text(0).count / 4)   // prompt 0 is the held-out one
        #expect(try !resumed.add(prompt(5), text: text(1), stopped: true) { $0.count })   // a duplicate of a kept one
        #expect(try CorpusFile(path: folder + "/train.jsonl").documents.count == 3)
    }
}
