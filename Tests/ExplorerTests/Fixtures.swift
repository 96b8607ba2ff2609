import Explorer

import TermKit

/// Small, fixed inputs shared by the explorer tests.
enum Fixtures {
    /// A 1000-feature summary with made-up statistics that are easy to read in snapshots.
    static let summary = DictionarySummary(
        name: "toy-1k", hookName: "blocks.3.hook_resid_post", architecture: "jumprelu", dIn: 64, featureCount: 1000,
        density: (0..<1000).map { Float($0 % 10) / 1000 }, maxActivation: (0..<1000).map { Float($0) / 10 },
        meanActivation: (0..<1000).map { Float($0) / 100 })

    /// A 4096-feature sibling of the summary (another size of the same hook point), labelled "wide N".
    static let larger: DictionarySummary = {
        var larger = DictionarySummary(name: "toy-4k", hookName: "blocks.3.hook_resid_post", architecture: "jumprelu",
                                       dIn: 64, featureCount: 4096)
        larger.labels = (0..<4096).map { "wide \($0)" }
        return larger
    }()

    /// Neighbours of a feature, made up: ids after it, cosines falling from 0.9.
    static func neighbours(of feature: Int, count: Int = 5) -> [NeighbourItem] {
        (0..<count).map { (i: Int) -> NeighbourItem in
            let cosine: Float = 0.9 - Float(i) * 0.1
            return NeighbourItem(feature: (feature + 1 + i * 7) % 1000, cosine: cosine)
        }
    }

    /// A monochrome palette with box-drawing glyphs: snapshots compare text only.
    static let palette = Palette(theme: Theme(), depth: .monochrome, glyphs: .unicode)

    /// The state after opening the summary at the given size, with the first feature's neighbours and norm in.
    static func openedState(width: Int, height: Int) -> AppState {
        var state = measured(width: width, height: height)
        reduce(&state, .neighbours(.arrived(feature: 0, neighbours(of: 0))), .neighbours(.decoderNormArrived(feature: 0, 1)))
        return state
    }

    /// Applies the actions in turn, dropping their effects (to set a scene; `TestStore` checks steps).
    static func reduce(_ state: inout AppState, _ actions: Action...) {
        for action in actions { _ = AppReducer.reduce(&state, action) }
    }
}
