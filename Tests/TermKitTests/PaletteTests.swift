import Testing
import TermKit

@Suite struct PaletteTests {
    @Test func heatRampRunsThroughTheThreeStops() {
        let theme = Theme()
        let heat = HeatScale(theme: theme, depth: .trueColor, glyphs: .unicode)
        #expect(heat.ramp.count == HeatScale.steps)
        #expect(heat.ramp.first == theme[.heatStart])
        #expect(heat.ramp.last == theme[.heatEnd])
        #expect(heat.ramp[HeatScale.steps / 2].distance(to: theme[.heatMid]) < 200)
        #expect(heat.style(10, max: 10).bg == .rgb(theme[.heatEnd]))
        #expect(heat.style(0, max: 10).bg == .rgb(theme[.heatStart]))
        #expect(heat.style(50, max: 10) == heat.style(10, max: 10))   // above the max clamps
        #expect(heat.style(5, max: 0) == heat.style(0, max: 10))      // no maximum: no heat
    }

    @Test func heatTextStaysReadable() {
        let heat = HeatScale(theme: Theme(), depth: .trueColor, glyphs: .unicode)
        #expect(heat.style(0, max: 1).fg == .rgb(RGB(255, 255, 255)))   // dark start
        #expect(heat.style(1, max: 1).fg == .rgb(RGB(0, 0, 0)))         // bright gold end
    }

    @Test func fewColoursUseLevelsAttributesAndShades() {
        let mono = HeatScale(theme: Theme(), depth: .monochrome, glyphs: .unicode)
        #expect(HeatScale.level(0) == 0)
        #expect(HeatScale.level(0.01) == 1)
        #expect(HeatScale.level(0.5) == 2)
        #expect(HeatScale.level(1) == 4)
        #expect(mono.style(0, max: 1) == .plain)
        #expect(mono.style(1, max: 1).attributes.contains(.reverse))
        #expect(mono.style(0.6, max: 1).attributes.contains(.bold))
        #expect(mono.style(1, max: 1).fg == .default)
        #expect(mono.shade(0, max: 1) == " ")
        #expect(mono.shade(0.3, max: 1) == "▒")
        #expect(mono.shade(1, max: 1) == "█")
        let ascii = HeatScale(theme: Theme(), depth: .colors8, glyphs: .ascii)
        #expect(ascii.shade(1, max: 1) == "#")
        if case .indexed(let index) = ascii.style(1, max: 1).fg { #expect(index < 8) } else { Issue.record("expected a palette colour") }
    }

    @Test func rolesResolvePerDepth() {
        let theme = Theme()
        let rich = Palette(theme: theme, depth: .colors256)
        #expect(rich.style(.selected).bg == .indexed(ColorReduction.index256(theme[.selectedBg])))
        let mono = Palette(theme: theme, depth: .monochrome)
        #expect(mono.style(.selected) == Style(attributes: .reverse))
        #expect(mono.style(.title) == Style(attributes: .bold))
        #expect(mono.style(.normal) == .plain)
    }

    @Test func collapsedColoursFallBackToAttributes() {
        // In 8 colours the dark theme's selection background reduces to black like the main background.
        let few = Palette(theme: Theme(), depth: .colors8)
        #expect(few.style(.selected).attributes.contains(.reverse))
        #expect(few.style(.selected).bg == .default)
    }

    @Test func glyphsFollowTheLocale() {
        #expect(Glyphs.forCodeset("UTF-8") == .unicode)
        #expect(Glyphs.forCodeset("utf8") == .unicode)
        #expect(Glyphs.forCodeset("ANSI_X3.4-1968") == .ascii)
        #expect(Glyphs.ascii.border.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
    }
}
