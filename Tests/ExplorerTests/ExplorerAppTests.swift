import Explorer
import SAEKit
import TermKit
import Testing
import Foundation

/// A terminal that plays a script of keys and keeps every frame.
final class ScriptedDevice: TerminalDevice {
    var size: (width: Int, height: Int)
    let depth = ColorDepth.monochrome
    let glyphs = Glyphs.unicode
    private var script: [Key?]
    private(set) var frames: [Buffer] = []
    /// Called before each key is handed out, to resize mid-script. Once the script is played, Ctrl-c quits.
    var beforeKey: ((Int, ScriptedDevice) -> Void)?
    private var handedOut = 0

    init(width: Int, height: Int, keys: [Key?]) {
        size = (width, height)
        script = keys
    }

    func readKey(timeout: Int32) -> Key? {
        beforeKey?(handedOut, self)
        handedOut += 1
        return script.isEmpty ? .ctrl("c") : script.removeFirst()
    }

    func draw(_ frame: Buffer) { frames.append(frame) }
}

@Suite struct ExplorerAppTests {
    /// A real (synthetic) dictionary: neighbours come from the engine.
    let dictionary = SyntheticDictionary.make(architecture: .standard, dIn: 16, dSAE: 200, seed: 7)

    @Test func browsesSearchesJumpsAndQuits() throws {
        let app = try ExplorerApp(dictionary: dictionary, name: "synthetic", theme: Theme(), effects: .inline)
        let keys: [Key?] = [.char("j"), .char("j"), .char("3"), .char("j"), .enter, .backspace,
                            .char("/"), .char("1"), .char("5"), .enter, .char("?"), .escape, .char("q")]
        let device = ScriptedDevice(width: 90, height: 26, keys: keys)
        app.run(on: device)
        #expect(app.state.shouldQuit)
        #expect(app.state.features.search.text == "15")
        #expect(app.state.selectedFeature == 15)
        #expect(app.state.features.history.isEmpty)
        let expected = try Neighbours.nearest(to: 15, in: dictionary, top: AppState.neighbourCount)
        #expect(app.state.neighbours.items.map(\.feature) == expected.map(\.feature))
        #expect(app.state.neighbours.decoderNorm == dictionary.decoderNorms[15])
        let last = try #require(device.frames.last).text
        #expect(last.contains("Neighbours of #15"))
        #expect(last.contains("Features 11/200"))
    }

    @Test func neighbourJumpSelectsTheEnginesSecondNeighbour() throws {
        let app = try ExplorerApp(dictionary: dictionary, name: "synthetic", theme: Theme(), effects: .inline)
        let device = ScriptedDevice(width: 90, height: 26, keys: [.char("3"), .char("j"), .enter])
        app.run(on: device)
        let second = try Neighbours.nearest(to: 0, in: dictionary, top: 2)[1].feature
        #expect(app.state.selectedFeature == second)
        #expect(app.state.features.history == [0])
    }

    @Test func neighboursInASecondDictionaryComeFromTheEngine() throws {
        let larger = SyntheticDictionary.make(architecture: .standard, dIn: 16, dSAE: 800, seed: 9)
        let app = try ExplorerApp(OpenedDictionary(dictionary, name: "synthetic"), other: OpenedDictionary(larger, name: "larger"),
                                  theme: Theme(), effects: .inline)
        app.run(on: ScriptedDevice(width: 120, height: 30, keys: [.char("j"), nil]))
        let expected = try Neighbours.nearest(to: 1, in: dictionary, among: larger, top: AppState.neighbourCount)
        #expect(app.state.neighbours.others.map(\.feature) == expected.map(\.feature))
        #expect(app.state.shared.other?.name == "larger")
    }

    @Test func colourDepthCanBeChosen() throws {
        let theme = Theme()
        let app = try ExplorerApp(dictionary: dictionary, name: "synthetic", theme: theme, effects: .inline)
        let device = ScriptedDevice(width: 90, height: 26, keys: [])
        app.run(on: device, depth: .colors256)
        let frame = try #require(device.frames.first)
        // The right end of the pane bar is the screen's background.
        #expect(frame[89, 0].style.bg == .indexed(ColorReduction.index256(theme[.mainBg])))
        let mono = ScriptedDevice(width: 90, height: 26, keys: [])
        try ExplorerApp(dictionary: dictionary, name: "synthetic", theme: theme, effects: .inline).run(on: mono)
        #expect(try #require(mono.frames.first)[89, 0].style.bg == .default)
    }

    @Test func redrawsOnResizeAndOnlyWhenSomethingChanged() throws {
        let app = try ExplorerApp(dictionary: dictionary, name: "synthetic", theme: Theme(), effects: .inline)
        let device = ScriptedDevice(width: 90, height: 26, keys: [nil, nil, .resize, nil, .char("z"), .char("q")])
        device.beforeKey = { index, device in if index == 2 { device.size = (30, 8) } }
        app.run(on: device)
        // The first frame, the one after the neighbours arrived, and the one after the resize; idle polls and
        // unbound keys draw nothing.
        #expect(device.frames.map(\.width) == [90, 90, 30])
        #expect(device.frames.last!.text.contains("Terminal too small"))
    }

    @Test func backgroundEffectsArriveWithoutAKey() throws {
        let app = try ExplorerApp(dictionary: dictionary, name: "synthetic", theme: Theme(), effects: .background)
        // Idle polls (nil) give the background neighbour computation time to come back.
        let device = ScriptedDevice(width: 90, height: 26, keys: Array(repeating: nil, count: 200))
        device.beforeKey = { _, _ in
            if app.state.neighbours.loading { usleep(2000) }
        }
        app.run(on: device)
        #expect(!app.state.neighbours.loading)
        #expect(app.state.neighbours.items.count == AppState.neighbourCount)
    }
}
