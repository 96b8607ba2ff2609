import Testing
import SAEKit

@Suite struct PreTokenizerTests {
    func split(_ p: PreTokenizer, _ text: String) -> [String] { p.split(text[...]).map(String.init) }

    @Test func gpt2KeepsSpaceWithFollowingWord() {
        #expect(split(.gpt2, "Hello world! 123") == ["Hello", " world", "!", " 123"])
        #expect(split(.gpt2, "  multiple   spaces") == [" ", " multiple", "  ", " spaces"])
        #expect(split(.gpt2, "I'm they're it'S") == ["I", "'m", " they", "'re", " it", "'", "S"])
        #expect(split(.gpt2, "tail  ") == ["tail", "  "])
        #expect(split(.gpt2, "a\tb") == ["a", "\t", "b"])
    }

    @Test func smollmSplitsDigitsFirst() {
        #expect(split(.smollm, "Hello world! 123") == ["Hello", " world", "!", " ", "1", "2", "3"])
        #expect(split(.smollm, "x²=2") == ["x", "²", "=", "2"])
    }

    @Test func llamaBPEGroupsDigitsAndNewlines() {
        #expect(split(.llamaBPE, "abc 12345\n\n  x") == ["abc", " ", "123", "45", "\n\n", " ", " x"])
        #expect(split(.llamaBPE, "HELLO'S") == ["HELLO", "'S"])
    }

    @Test func piecesConcatenateToTheInput() {
        let text = "Ça va? 3.14 — naïve 東京\n\t end  "
        for p in PreTokenizer.allCases { #expect(split(p, text).joined() == text) }
    }

    @Test func namesFromGGUF() {
        #expect(PreTokenizer.named("smollm") == .smollm)
        #expect(PreTokenizer.named("llama-bpe") == .llamaBPE)
        #expect(PreTokenizer.named("gpt-2") == .gpt2)
        #expect(PreTokenizer.named("qwen2") == .qwen2)
        #expect(PreTokenizer.named("olmo") == .gpt2 && PreTokenizer.named("mpt") == .gpt2)
        #expect(PreTokenizer.named("chatglm-bpe") == nil)
    }
}

/// The hand-written matchers that run the known `tokenizer.json` Split regexes, held to the regex engine that runs
/// every other one: the same matches on hard text.
@Suite struct SplitPatternTests {
    static let texts = [
        "Hello world! 123 4567 89.01", "  two spaces,   three,\ttab\n\nnew paragraph\n\n\n\nfour newlines   ",
        "def mean(xs):\n    return sum(xs) / len(xs)  # average", "Café déjà vu, naïve façade, Ångström, straße",
        "東京タワー 北京 서울 Привет, мир!", "Emoji 🎉🚀 and a family 👨‍👩‍👧 with 👋🏽.", "It's DON'T we'LL they've I'M",
        " leading space and trailing space ", "x\r\n\r\ny ?! ... --- 1,000,000", "",
    ]

    @Test(arguments: Array(SplitPattern.known.keys).sorted()) func matchersAgreeWithTheRegexEngine(_ regex: String) throws {
        let fast = try #require(SplitPattern.known[regex])
        let engine = SplitPattern.regex(try SplitPattern.compiled(regex, source: "test"))
        for text in Self.texts {
            let mine = SplitPattern.matcher(fast).matches(in: text).map { String(text[$0]) }
            let theirs = engine.matches(in: text).map { String(text[$0]) }
            #expect(mine == theirs, "\(regex) on \(text.debugDescription)")
        }
    }
}
