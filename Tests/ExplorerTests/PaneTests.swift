import Explorer
import SAEKit
import TermKit
import Testing

@Suite struct PaneTests {
    let palette = Fixtures.palette

    @Test func tooSmallShowsAMessageInstead() {
        let state = Fixtures.openedState(width: 40, height: 10)
        let rows = Screen.render(state, palette: palette).rows()
        #expect(rows.contains { $0.contains("Terminal too small") })
        #expect(rows.contains { $0.contains("40×10; need at least 50×16") })
        #expect(!rows.joined().contains("Features"))
    }

    @Test func helpOverlayFitsInColumnsWhenLarge() {
        var state = Fixtures.openedState(width: 240, height: 60)
        Fixtures.reduce(&state, .help(.toggled))
        let text = Screen.render(state, palette: palette).text
        for context in KeyContext.allCases { #expect(text.contains(context.rawValue), "\(context)") }
        for binding in Keymap.bindings { #expect(text.contains(binding.help), "\(binding.help)") }
        #expect(!text.contains("j/k scroll"))
    }

    @Test func helpOverlayScrollsWhenTall() {
        var state = Fixtures.openedState(width: 80, height: 24)
        Fixtures.reduce(&state, .help(.toggled))
        var text = Screen.render(state, palette: palette).text
        #expect(text.contains("Everywhere") && text.contains("1–22 of \(HelpOverlay.lineCount(width: 80)), j/k scroll"))
        #expect(!text.contains("Help overlay"))
        Fixtures.reduce(&state, .help(.scrolled(by: 1000)))
        #expect(state.help.offset == HelpOverlay.lineCount(width: 80) - HelpOverlay.visibleLines(height: 24))
        text = Screen.render(state, palette: palette).text
        #expect(text.contains("Help overlay") && !text.contains("Everywhere"))
        Fixtures.reduce(&state, .help(.scrolled(by: -5000)))
        #expect(state.help.offset == 0)
        Fixtures.reduce(&state, .help(.toggled))
        Fixtures.reduce(&state, .help(.toggled))
        #expect(state.help.offset == 0)
    }

    @Test func focusedPaneAndSelectionAreStyled() {
        var state = Fixtures.openedState(width: 80, height: 24)
        var buffer = Screen.render(state, palette: palette)
        let layout = ScreenLayout(width: 80, height: 24)
        #expect(buffer[layout.features.x, layout.features.y].style == palette.style(.borderFocused))
        #expect(buffer[layout.neighbours.x, layout.neighbours.y].style == palette.style(.border))
        let selectedRow = layout.features.y + 3
        #expect(buffer[layout.features.x + 5, selectedRow].style == palette.style(.selected))
        Fixtures.reduce(&state, .paneFocused(.neighbours))
        buffer = Screen.render(state, palette: palette)
        #expect(buffer[layout.neighbours.x, layout.neighbours.y].style == palette.style(.borderFocused))
        // The features selection stays visible, dimmed, while another pane has focus.
        #expect(buffer[layout.features.x + 5, selectedRow].style == palette.style(.dim).adding(.reverse))
    }

    @Test func statusLineSaysWhatIsRunning() {
        var state = Fixtures.measured(width: 120, height: 20)
        let status = Screen.render(state, palette: palette).rows().last!
        #expect(status.contains("computing neighbours…"))
        #expect(status.contains("toy-1k") && status.contains("blocks.3.hook_resid_post"))
        #expect(status.hasSuffix("? help "))
        Fixtures.reduce(&state, .neighbours(.arrived(feature: 0, [])))
        #expect(Screen.render(state, palette: palette).rows().last!.contains("saescope model fetch"))
    }

    @Test func neighboursPaneShowsBothDictionaries() {
        var state = Fixtures.measured(width: 120, height: 30, other: Fixtures.larger)
        Fixtures.reduce(&state, .neighbours(.arrived(feature: 0, Fixtures.neighbours(of: 0, count: 2))))
        Fixtures.reduce(&state, .neighbours(.othersArrived(feature: 0, [NeighbourItem(feature: 3071, cosine: 0.95)])))
        let layout = ScreenLayout(width: 120, height: 30)
        let rows = Screen.render(state, palette: palette).rows()
        let header = rows[layout.neighbours.y + 1]
        #expect(header.contains("id  cosine  here") && header.contains("id  cosine  in toy-4k"))
        #expect(rows[layout.neighbours.y + 2].contains("▶   1   0.900"))
        #expect(rows[layout.neighbours.y + 2].contains("▶ 3071   0.950") && rows[layout.neighbours.y + 2].contains("wide 3071"))
        #expect(rows[layout.neighbours.y + 3].contains("│    8   0.800"))
    }

    @Test func neighboursShowTheirLabelsAndTheUsersNames() throws {
        var state = Fixtures.measured(width: 120, height: 30)
        state.shared.dictionary.labels = (0..<1000).map { "label \($0)" }
        state.shared.annotations = [8: Annotation(name: "Eight", notes: "", starred: true)]
        Fixtures.reduce(&state, .neighbours(.arrived(feature: 0, Fixtures.neighbours(of: 0, count: 2))))
        let layout = ScreenLayout(width: 120, height: 30)
        let rich = Palette(theme: Theme(), depth: .colors256)
        let buffer = Screen.render(state, palette: rich)
        let rows = buffer.rows()
        let labelled = Array(rows[layout.neighbours.y + 2]), named = Array(rows[layout.neighbours.y + 3])
        #expect(String(labelled).contains("0.900 ") && String(labelled).contains("label 1"))
        #expect(String(named).contains("★ Eight") && !String(named).contains("label 8"))
        // The index's label is dimmed; the user's name is drawn as plain text, and the star as an accent.
        let label = try #require(labelled.firstIndex(of: "l")), name = try #require(named.firstIndex(of: "E"))
        #expect(buffer[label, layout.neighbours.y + 2].style == rich.style(.dim))
        #expect(buffer[name, layout.neighbours.y + 3].style == rich.style(.normal))
        #expect(buffer[name - 2, layout.neighbours.y + 3].style == rich.style(.accent))
    }

    @Test func neighboursPaneShowsFailures() {
        var state = Fixtures.measured(width: 80, height: 24)
        Fixtures.reduce(&state, .neighbours(.failed(feature: 0, "out of memory")))
        let rich = Palette(theme: Theme(), depth: .colors256)
        let buffer = Screen.render(state, palette: rich)
        let layout = ScreenLayout(width: 80, height: 24)
        #expect(buffer.rows()[layout.neighbours.y + 1].contains("out of memory"))
        #expect(buffer[layout.neighbours.x + 2, layout.neighbours.y + 1].style == rich.style(.error))
    }

    @Test func dictionaryWithoutStatisticsSaysSo() {
        var summary = Fixtures.summary
        summary.density = nil
        summary.maxActivation = nil
        summary.meanActivation = nil
        let state = Fixtures.measured(summary, width: 100, height: 30)
        let text = Screen.render(state, palette: palette).text
        #expect(text.contains("no firing statistics in this dictionary"))
        #expect(text.contains("density          –"))
    }

    @Test func formatting() {
        #expect(Format.percent(0.000123) == "0.0123%")
        #expect(Format.percent(0.5) == "50.0%")
        #expect(Format.percent(0.01) == "1.00%")
        #expect(Format.percent(nil) == "–")
        #expect(Format.number(3.14159) == "3.14")
        #expect(Format.cosine(0.12345) == "0.123")
    }
}
