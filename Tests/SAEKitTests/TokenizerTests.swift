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
