import Testing
import SAEKit

/// Token texts read across token boundaries: split characters whole, nothing lost or doubled.
@Suite struct TokenCharactersTests {
    // 境 is E5 A2 83 and 增 is E5 A2 9E in UTF-8.
    @Test func aSplitCharacterShowsWholeAtTheTokenThatCompletesIt() {
        #expect(TokenCharacters.texts([[0xE5, 0xA2], [0x83, 0xE5], [0xA2, 0x9E]]) == ["", "境", "增"])
        #expect(TokenCharacters.texts([Array(" the".utf8), [0xE5], [0xA2], [0x83], Array("!".utf8)]) == [" the", "", "", "境", "!"])
    }

    @Test func theCharacterShowsAtItsMostWeightedToken() {
        #expect(TokenCharacters.texts([[0xE5, 0xA2], [0x83]], weights: [2, 1]) == ["境", ""])
        #expect(TokenCharacters.texts([[0xE5], [0xA2], [0x83]], weights: [0, 3, 1]) == ["", "境", ""])
        // Too few weights count as zero.
        #expect(TokenCharacters.texts([[0xE5, 0xA2], [0x83]], weights: [1]) == ["境", ""])
    }

    @Test func aCharacterCutByTheRunsEndsReadsAsOneReplacement() {
        // An excerpt that starts inside a character, or ends before one is complete.
        #expect(TokenCharacters.texts([[0xA2], [0x83, 0x61]]) == ["", "\u{FFFD}a"])
        #expect(TokenCharacters.texts([[0xA2], [0x83, 0x61]], weights: [1, 0]) == ["\u{FFFD}", "a"])
        #expect(TokenCharacters.texts([Array("a".utf8), [0xE5], [0xA2]]) == ["a", "", "\u{FFFD}"])
        #expect(TokenCharacters.texts([[], Array("a".utf8), []]) == ["", "a", ""])
    }

    @Test func bytesInsideTheRunThatFormNoCharacterReadAsReplacements() {
        #expect(TokenCharacters.texts([Array("a".utf8), [0x83], Array("b".utf8)]) == ["a", "\u{FFFD}", "b"])
        // A lead byte whose continuation is missing, an overlong form and a byte that is never UTF-8.
        #expect(TokenCharacters.texts([[0xE5, 0x61]]) == ["\u{FFFD}a"])
        #expect(TokenCharacters.texts([[0xC0, 0xAF], Array("b".utf8)]) == ["\u{FFFD}\u{FFFD}", "b"])
        #expect(TokenCharacters.texts([[0xFF]]) == ["\u{FFFD}"])
    }

    /// However a text's bytes are cut into tokens, the token texts join back into the text.
    @Test func anySplitJoinsBackIntoTheText() {
        let text = Array("Grüße, 境增 and русский текст — ok 🌉".utf8)
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            var tokens: [[UInt8]] = [], start = 0
            while start < text.count {
                let end = min(text.count, start + Int.random(in: 1...4, using: &generator))
                tokens.append(Array(text[start..<end]))
                start = end
            }
            let texts = TokenCharacters.texts(tokens)
            #expect(texts.count == tokens.count)
            #expect(texts.joined() == String(decoding: text, as: UTF8.self))
            #expect(!texts.joined().contains("\u{FFFD}"))
        }
    }
}
