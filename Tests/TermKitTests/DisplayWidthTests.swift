import Testing
import TermKit

@Suite struct DisplayWidthTests {
    @Test func asciiIsOneColumn() {
        #expect(DisplayWidth.of("hello") == 5)
        #expect(DisplayWidth.of(Character("a")) == 1)
    }

    @Test func cjkAndHangulAreTwoColumns() {
        #expect(DisplayWidth.of("漢字") == 4)
        #expect(DisplayWidth.of("한국어") == 6)
        #expect(DisplayWidth.of("ｶ") == 1)      // halfwidth katakana
        #expect(DisplayWidth.of("Ａ") == 2)      // fullwidth Latin
        #expect(DisplayWidth.of("、") == 2)
    }

    @Test func decomposedHangulSyllableIsOneWideCluster() {
        let syllable = "\u{1100}\u{1161}\u{11A8}"   // ᄀ + ᅡ + ᆨ = 각
        #expect(syllable.count == 1)
        #expect(DisplayWidth.of(syllable) == 2)
    }

    @Test func emoji() {
        #expect(DisplayWidth.of("😀") == 2)
        #expect(DisplayWidth.of("👨‍👩‍👧") == 6)        // a ZWJ family is one cluster, drawn as its three parts
        #expect(DisplayWidth.parts("👨‍👩‍👧") == ["👨", "👩", "👧"])
        #expect(DisplayWidth.parts("🏳️‍🌈") == ["🏳️", "🌈"])
        #expect(DisplayWidth.parts("👍🏽") == ["👍🏽"])
        #expect(DisplayWidth.parts("क्‍ष") == ["क्‍ष"])       // a joiner in Devanagari is not split
        #expect(DisplayWidth.of("🇰🇷") == 2)          // a flag from two regional indicators
        #expect(DisplayWidth.of("❤️") == 2)           // text-default heart asked to show as emoji
        #expect(DisplayWidth.of("❤") == 1)
        #expect(DisplayWidth.of("👍🏽") == 2)          // with a skin-tone modifier
    }

    @Test func combiningMarksAndFormatCharactersTakeNoColumn() {
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of(Unicode.Scalar(0x301)!) == 0)
        #expect(DisplayWidth.of(Unicode.Scalar(0x200B)!) == 0)   // zero-width space
        #expect(DisplayWidth.of(Unicode.Scalar(0x200D)!) == 0)   // zero-width joiner
        #expect(DisplayWidth.of("a\u{20DD}") == 1)               // enclosing circle
    }

    @Test func controlsAreShownAsControlPictures() {
        #expect(DisplayWidth.visible("\n") == "␊")
        #expect(DisplayWidth.visible("\t") == "␉")
        #expect(DisplayWidth.visible("x") == "x")
        #expect(DisplayWidth.of(DisplayWidth.visible("\n")) == 1)
        // A whole text: an escape sequence arrives as pictures, the rest untouched.
        #expect(DisplayWidth.visibleText("a\u{1B}[2J日本\u{7F}") == "a␛[2J日本␡")
    }

    @Test func truncateRespectsWideCharacters() {
        #expect(DisplayWidth.truncate("abcdef", to: 4) == "abc…")
        #expect(DisplayWidth.truncate("漢字漢字", to: 5) == "漢字…")
        #expect(DisplayWidth.truncate("漢字漢字", to: 4) == "漢…")
        #expect(DisplayWidth.truncate("abc", to: 3) == "abc")
        #expect(DisplayWidth.prefix("漢字", fitting: 3).width == 2)
    }
}
