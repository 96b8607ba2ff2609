import Testing
import SAEKit

@Suite struct TokenizerTests {
    let tokenizer = Tokenizer(tokens: SyntheticModel.tokens,
                              tokenTypes: SyntheticModel.tokens.indices.map { $0 < 3 ? 3 : 1 },
                              merges: SyntheticModel.merges, preTokenizer: .smollm, eosID: 2)

    @Test func byteTableIsABijection() {
        #expect(Set(ByteLevel.byteToScalar).count == 256)
        #expect(ByteLevel.byteToScalar[0x20] == "\u{120}")
        #expect(ByteLevel.byteToScalar[0x0A] == "\u{10A}")
        #expect(ByteLevel.byteToScalar[0x41] == "A")
        for byte in 0..<256 { #expect(ByteLevel.scalarToByte[ByteLevel.byteToScalar[byte]] == UInt8(byte)) }
    }

    @Test func mergesApplyByRank() {
        let ids = tokenizer.encode(" the is")
        #expect(ids.map { tokenizer.tokens[$0] } == ["Ġthe", "Ġis"])
        #expect(tokenizer.encode("th").map { tokenizer.tokens[$0] } == ["t", "h"])
    }

    @Test func specialTokensOnlyWhenAsked() {
        #expect(tokenizer.encode("<|im_start|>a", special: true) == [1, tokenizer.id(of: "a")!])
        let plain = tokenizer.encode("<|im_start|>a")
        #expect(plain.count == "<|im_start|>a".utf8.count)
        #expect(tokenizer.decode(plain) == "<|im_start|>a")
        #expect(tokenizer.decode([1, tokenizer.id(of: "a")!]) == "a")
        #expect(tokenizer.decode([1, tokenizer.id(of: "a")!], special: true) == "<|im_start|>a")
    }

    @Test func decodeInvertsEncode() {
        let text = "héllo wörld 👋 the is 42\n"
        #expect(tokenizer.decode(tokenizer.encode(text)) == text)
    }

    @Test func missingByteTokensAreDropped() {
        let lacking = ByteLevel.byteToScalar.map { String($0) }.filter { $0 != "\u{104}" }  // byte 0x04 has no token
        let t = Tokenizer(tokens: lacking, tokenTypes: [], merges: [], preTokenizer: .gpt2)
        #expect(t.decode(t.encode("a\u{4}b")) == "ab")
    }

    @Test func streamingHoldsBackPartialCharacters() {
        let text = "é👋x"
        let ids = tokenizer.encode(text)
        #expect(ids.count == text.utf8.count)
        var decoder = StreamingDecoder(tokenizer: tokenizer)
        var pieces: [String] = []
        for id in ids { pieces.append(decoder.push(id)) }
        #expect(pieces == ["", "é", "", "", "", "👋", "x"])
        #expect(decoder.finish() == "")
    }

    @Test func streamingFlushesAnUnfinishedCharacterAtTheEnd() {
        var decoder = StreamingDecoder(tokenizer: tokenizer)
        let first = tokenizer.encode("👋")[0]
        #expect(decoder.push(first) == "")
        #expect(decoder.finish() == "\u{FFFD}")
    }

    @Test func chatTemplateTakesDefaultSystemFromTheFile() {
        let template = "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n' }}{% endif %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
        let chat = ChatTemplate(template: template)
        #expect(chat.render([.init(role: "user", content: "What is 2+2?")])
                == "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n")
        #expect(chat.render([.init(role: "system", content: "S"), .init(role: "user", content: "U"), .init(role: "assistant", content: "A")],
                            addGenerationPrompt: false)
                == "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\nA<|im_end|>\n")
        #expect(ChatTemplate(template: nil).render([.init(role: "user", content: "U")]) == "<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\n")
    }
}

@Suite struct BPEScalingTests {
    /// A piece of 200,000 letters, where each merge enables the next: the heap keeps it far from quadratic.
    @Test func longPieceEncodesAndRoundTrips() {
        let merges = ["a a", "aa aa", "aaaa aaaa"]
        let tokens = ByteLevel.byteToScalar.map { String($0) } + ["aa", "aaaa", "aaaaaaaa"]
        let t = Tokenizer(tokens: tokens, tokenTypes: [], merges: merges, preTokenizer: .gpt2)
        let text = String(repeating: "a", count: 200_000) + "b"
        let ids = t.encode(text)
        #expect(ids.count == 25_001)
        #expect(t.decode(ids) == text)
    }
}

/// SentencePiece on a vocabulary small enough to follow by hand.
@Suite struct SentencePieceTests {
    /// Control tokens, a user-defined newline, the 256 byte pieces, then pieces with scores.
    static func tokenizer() -> Tokenizer {
        let pieces: [(String, Float)] = [("▁", -1), ("a", -2), ("b", -2), ("c", -2), ("ab", -3), ("bc", -1.5), ("▁ab", -4), ("cab", -5)]
        let controls = ["<pad>", "<eos>", "<bos>"]
        let tokens = controls + ["\n"] + (0..<256).map { String(format: "<0x%02X>", $0) } + pieces.map(\.0)
        let types = [3, 3, 3, 4] + [Int](repeating: 6, count: 256) + [Int](repeating: 1, count: pieces.count)
        let scores = [Float](repeating: 0, count: 4 + 256) + pieces.map(\.1)
        return Tokenizer(sentencePieceTokens: tokens, scores: scores, tokenTypes: types, bosID: 2, eosID: 1)
    }

    func pieces(_ text: String, special: Bool = false) -> [String] {
        let t = Self.tokenizer()
        return t.encode(text, special: special).map { t.tokens[$0] }
    }

    @Test func theHighestScoringPairMergesFirst() {
        // "bc" (-1.5) beats "ab" (-3), and "abc" is no token: a + bc; in "cab" the pieces merge all the way.
        #expect(pieces("abc") == ["a", "bc"])
        #expect(pieces("cab") == ["cab"])
        #expect(pieces(" ab") == ["▁ab"])
        #expect(pieces("ab ab") == ["ab", "▁ab"])
    }

    @Test func controlCharactersAndWhitespaceRunsComeBackWhole() {
        // From `scripts/fuzz tokenizer-sentencepiece`, which first ran with a vocabulary lacking "▁": a lone space then
        // falls back to the bytes of "▁" and decodes as "▁", as it does in llama.cpp and transformers; real vocabularies
        // all have the piece.
        let words = ["▁", "\n\n", "▁▁", "▁the", "the", ",", "12"]
        let tokens = ["<pad>", "<eos>", "<bos>"] + (0..<256).map { String(format: "<0x%02X>", $0) } + words
        let t = Tokenizer(sentencePieceTokens: tokens, scores: [Float](repeating: 0, count: 259) + words.map { -Float(10 - $0.count) },
                          tokenTypes: [3, 3, 3] + [Int](repeating: 6, count: 256) + [Int](repeating: 1, count: words.count), bosID: 2, eosID: 1)
        for text in ["\n\n\n   \r\n\t", "\r", "\r\n", " \r\n ", "\t\t", "a\r\nb", "\n\n\n"] {
            #expect(t.decode(t.encode(text)) == text, "\(Array(text.utf8)) → \(t.encode(text).map { t.tokens[$0] })")
        }
    }

    @Test func unknownCharactersFallBackToBytes() {
        #expect(pieces("aé") == ["a", "<0xC3>", "<0xA9>"])
        #expect(Self.tokenizer().decode(Self.tokenizer().encode("aé b")) == "aé b")
    }

    @Test func userDefinedTokensAreCutOutAndControlOnlyOnRequest() {
        #expect(pieces("a\nb") == ["a", "\n", "b"])
        #expect(pieces("<bos>a", special: true) == ["<bos>", "a"])
        #expect(!pieces("<bos>a").contains("<bos>"))
    }

    @Test func bosStartsEverySequenceOnce() {
        let t = Self.tokenizer()
        #expect(t.addsBOS && t.startingSequence([5]) == [2, 5] && t.startingSequence([2, 5]) == [2, 5])
    }
}
