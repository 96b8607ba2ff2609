import Foundation
import Testing
import SAEKit

/// Context words for labels: words common among a feature's examples and rare in held-out text, never the peak
/// token's own word.
@Suite struct ContextWordsTests {
    @Test func keepsWordsCommonInTheExamplesAndRareElsewhere() {
        let texts = (0..<100).map { $0 < 2 ? "the bridge over the bay" : "the cat sat on the mat \($0)" }
        let background = ContextWords(texts: texts)
        var examples = [Set<String>](repeating: ["the", "cat"], count: 4)
        examples += [Set<String>](repeating: ["the", "bridge", "bay"], count: 4) + [["the", "bridge"], ["bridge"]]
        // "the" is in every context and "cat" in most; "bay" is as rare as "bridge" but in fewer examples.
        #expect(background.characteristic(of: examples, shown: []) == ["bridge", "bay"])
        #expect(background.characteristic(of: examples, shown: ["␣Bridge"]) == ["bay"])
        // A word needs three examples at least, however few there are.
        #expect(background.characteristic(of: [["bridge"], ["bridge"]], shown: []).isEmpty)
        #expect(background.characteristic(of: [], shown: []).isEmpty)
    }

    /// A tokenizer whose decoder strips a whole text's leading space (Llama 2's) still parts the window's words.
    @Test func keepsWordsApartWithADecoderThatStripsTheLeadingSpace() throws {
        let tokenizer = try Tokenizer(modelAt: Fixtures.path("folders/llama2/model"))
        let text = "the big red cat sat on the old mat today"
        let ids = tokenizer.encode(text)
        // A peak token that starts a word in the middle: the word before it must stay a word of its own.
        let peak = try #require((3..<(ids.count - 3)).first { tokenizer.text(of: ids[$0]).hasPrefix(" ") })
        let previous = try #require(tokenizer.decode(Array(ids[..<peak])).split(separator: " ").last.map(String.init))
        let words = ContextWords.words(ofWindow: ids, peak: peak, tokenizer: tokenizer)
        #expect(words.contains(previous), "\(words) lacks \(previous)")
        #expect(words.isSubset(of: Set(text.split(separator: " ").map(String.init))), "\(words)")
    }

    @Test func leavesOutThePeakWordAndAWordCutByTheWindow() throws {
        let tokenizer = try LanguageModel(path: try SyntheticModel.write()).tokenizer
        let ids = tokenizer.encode("olden gate and the bridge.")
        let target = "olden g".count   // the "a" of "gate"
        let peak = try #require(ids.indices.first { tokenizer.decode(Array(ids[...$0])).count > target })
        #expect(ContextWords.words(ofWindow: ids, peak: peak, tokenizer: tokenizer) == ["and", "the", "bridge"])
        let spaced = [tokenizer.encode(" ")[0]] + ids.dropLast()
        #expect(ContextWords.words(ofWindow: spaced, peak: peak + 1, tokenizer: tokenizer) == ["olden", "and", "the"])
    }
}
