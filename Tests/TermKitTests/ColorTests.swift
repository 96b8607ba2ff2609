import Testing
import TermKit

@Suite struct ColorTests {
    @Test func parsesHex() {
        #expect(RGB(hex: "#ff8000") == RGB(255, 128, 0))
        #expect(RGB(hex: "0a0b0c") == RGB(10, 11, 12))
        #expect(RGB(hex: "#f80") == RGB(255, 136, 0))
        #expect(RGB(hex: "#ff80") == nil)
        #expect(RGB(hex: "#gg0000") == nil)
        #expect(RGB(255, 128, 0).description == "#ff8000")
    }

    @Test func reducesToTheCubeAndTheGreyRamp() {
        #expect(ColorReduction.index256(RGB(255, 0, 0)) == 196)
        #expect(ColorReduction.index256(RGB(0, 0, 0)) == 16)
        #expect(ColorReduction.index256(RGB(255, 255, 255)) == 231)
        #expect(ColorReduction.index256(RGB(128, 128, 128)) == 244)   // grey 128 is on the ramp
        #expect(ColorReduction.index256(RGB(0, 95, 135)) == 24)
        for index in UInt8(16)...UInt8(255) {
            #expect(ColorReduction.index256(ColorReduction.rgb(of: index)) == index)
        }
    }

    @Test func reducesToFewColours() {
        #expect(ColorReduction.reduce(RGB(250, 10, 10), to: .colors16) == .indexed(9))
        #expect(ColorReduction.reduce(RGB(250, 10, 10), to: .colors8) == .indexed(1))
        #expect(ColorReduction.reduce(RGB(10, 10, 10), to: .colors8) == .indexed(0))
        #expect(ColorReduction.reduce(RGB(250, 10, 10), to: .monochrome) == .default)
        #expect(ColorReduction.reduce(RGB(1, 2, 3), to: .trueColor) == .rgb(RGB(1, 2, 3)))
    }

    @Test func detectsDepth() {
        #expect(ColorDepth.detect(colorCount: 256, colorTerm: "truecolor", directColor: true) == .trueColor)
        #expect(ColorDepth.detect(colorCount: 256, colorTerm: "truecolor", directColor: false) == .colors256)
        #expect(ColorDepth.detect(colorCount: 256, colorTerm: nil, directColor: true) == .colors256)
        #expect(ColorDepth.detect(colorCount: 16, colorTerm: nil, directColor: false) == .colors16)
        #expect(ColorDepth.detect(colorCount: 8, colorTerm: nil, directColor: false) == .colors8)
        #expect(ColorDepth.detect(colorCount: 0, colorTerm: nil, directColor: false) == .monochrome)
        #expect(ColorDepth.detect(colorCount: -1, colorTerm: "24bit", directColor: false) == .monochrome)
    }

    @Test func mixing() {
        #expect(RGB(0, 0, 0).mix(RGB(200, 100, 50), 0.5) == RGB(100, 50, 25))
        #expect(RGB(0, 0, 0).mix(RGB(200, 100, 50), 2) == RGB(200, 100, 50))
    }
}
