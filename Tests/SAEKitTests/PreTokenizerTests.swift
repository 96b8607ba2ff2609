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
