import Foundation
import SAEKit
import TermKit

/// Times the explorer's frame path without a terminal: key → keymap → reduce → render → diff (the cells the backend
/// would send), the first frame, a neighbour query followed by its frame, the overview's decoder figures and its frame,
/// the heatmap re-encode, a steering run (steered and unsteered side by side, a frame per token) and an attribution.
package enum UIBenchmark {
    /// One measured figure.
    package struct Figure: Equatable, Sendable {
        package let name: String
        package let milliseconds: Double
        package let note: String
    }

    /// A paragraph of about 64 tokens for the re-encode figure.
    package static let heatmapText = "The explorer shows, for every token of a short text, how strongly the selected "
        + "feature fires on it. Typing re-encodes the text: the model runs to the hook point, the dictionary encodes "
        + "each token's residual, and the pane colours the tokens by activation."

    /// Runs the benchmark on `dictionary` at `width` × `height` with `keys` navigation key presses, the heatmap
    /// re-encode through `model` and a steering run through `steering` when they are given.
    package static func run(dictionary: SparseDictionary, model: ActivationSource? = nil, steering: SteeringSource? = nil,
                           attribution: AttributionSource? = nil, width: Int = 200, height: Int = 60, keys: Int = 400) -> [Figure] {
        let palette = Palette(theme: Theme(), depth: .trueColor, glyphs: .unicode)
        func opened() -> AppState {
            var state = AppState(dictionary: DictionarySummary(dictionary, name: "bench"))
            _ = AppReducer.reduce(&state, .geometryChanged(ScreenLayout.geometry(width: width, height: height)))
            return state
        }
        var state = opened()
        var previous = Buffer(width: 0, height: 0)
        let first = seconds {
            state = opened()
            let frame = Screen.render(state, palette: palette)
            _ = Buffer.diff(previous, frame)
            previous = frame
        }
        let runner = EffectRunner(dictionary: dictionary, mode: .inline)
        var neighbourTimes: [Double] = []
        for _ in 0..<5 {
            neighbourTimes.append(seconds {
                _ = AppReducer.reduce(&state, .selectionMoved(.rows(1)))
                runner.run(Effect.computeNeighbours(feature: state.selectedFeature ?? 0, top: AppState.neighbourCount))
                for action in runner.drain() { _ = AppReducer.reduce(&state, action) }
                let frame = Screen.render(state, palette: palette)
                _ = Buffer.diff(previous, frame)
                previous = frame
            })
        }
        let pattern: [Key] = [.char("j"), .char("j"), .char("k"), .pageDown, .tab, .char("j"), .backTab, .pageUp]
        var changed = 0
        var times: [Double] = []
        for index in 0..<keys {
            times.append(seconds {
                if let action = Keymap.action(for: pattern[index % pattern.count], in: state) {
                    _ = AppReducer.reduce(&state, action)
                }
                let frame = Screen.render(state, palette: palette)
                changed += Buffer.diff(previous, frame).count
                previous = frame
            })
        }
        times.sort()
        neighbourTimes.sort()
        // The overview: its decoder figures (computed once, off the input loop in the explorer), then its frame.
        let health = seconds {
            for effect in AppReducer.reduce(&state, .paneFocused(.overview)) { runner.run(effect) }
            for action in runner.drain() { _ = AppReducer.reduce(&state, action) }
        }
        let overviewFrame = Stopwatch.median(runs: 21) {
            let frame = Screen.render(state, palette: palette)
            _ = Buffer.diff(previous, frame)
            previous = frame
        }
        // The attribution pane holding 64 ranked features (as many as a TopK-64 dictionary has active), framed.
        let entries = (0..<64).map { AttributionResult.Entry(feature: $0 * 7919 % dictionary.featureCount, activation: 1 + Float($0 % 5),
                                                             exact: 2 - Float($0) / 16, linear: 1.5 - Float($0) / 20) }
        _ = AppReducer.reduce(&state, .paneFocused(.attribution))
        state.attribution.result = AttributionResult(after: " the", target: " sea", targetSource: "the text's next token",
                                                     targetLogit: 12, rankAgreement: 0.6, entries: entries)
        state.attribution.list.select(0, count: entries.count)
        let attributionFrame = Stopwatch.median(runs: 21) {
            _ = AppReducer.reduce(&state, .selectionMoved(.rows(1)))
            let frame = Screen.render(state, palette: palette)
            _ = Buffer.diff(previous, frame)
            previous = frame
        }
        _ = AppReducer.reduce(&state, .paneFocused(.features))
        let size = "\(width)×\(height)"
        var encodeFigures: [Figure] = []
        if let model {
            let encoder = EffectRunner(dictionary: dictionary, source: model, mode: .inline)
            state.shared.focus = .heatmap
            var tokenCount = 0
            let median = Stopwatch.median(runs: 5) {
                encoder.run(Effect.encodeText(heatmapText))
                for action in encoder.drain() {
                    if case .heatmap(.encoded(_, let tokens, _)) = action { tokenCount = tokens.count }
                    state.heatmap.text = TextField(heatmapText)
                    _ = AppReducer.reduce(&state, action)
                }
                let frame = Screen.render(state, palette: palette)
                _ = Buffer.diff(previous, frame)
                previous = frame
            }
            encodeFigures.append(Figure(name: "heatmap re-encode + frame, median", milliseconds: median * 1000,
                                        note: "\(tokenCount) tokens, \(model.name); aim: under 100 ms"))
        }
        let steeringFigures = steering.map { measureSteering($0, state: &state, previous: &previous, palette: palette) } ?? []
        return [
            Figure(name: "first frame", milliseconds: first * 1000,
                   note: "\(dictionary.featureCount) features"),
            Figure(name: "navigation key → frame, median", milliseconds: times[times.count / 2] * 1000,
                   note: "\(size), \(changed / max(1, keys)) changed cells per frame on average"),
            Figure(name: "navigation key → frame, p99", milliseconds: times[min(times.count - 1, times.count * 99 / 100)] * 1000,
                   note: "aim: under 5 ms"),
            Figure(name: "neighbour query + frame, median", milliseconds: neighbourTimes[neighbourTimes.count / 2] * 1000,
                   note: "runs off the input loop; d_in \(dictionary.dIn)"),
            Figure(name: "overview decoder figures", milliseconds: health * 1000,
                   note: "norms and every pair's cosine, once, off the input loop"),
            Figure(name: "overview frame, median", milliseconds: overviewFrame * 1000, note: "\(size); aim: under 5 ms"),
            Figure(name: "attribution key → frame, median", milliseconds: attributionFrame * 1000,
                   note: "\(size), 64 ranked features; aim: under 5 ms"),
        ] + encodeFigures + steeringFigures + (attribution.map { [measureAttribution($0)] } ?? [])
    }

    /// A text of well over 64 tokens for the attribution figure.
    static let attributionText = String(repeating: "The ferry leaves the harbour at dawn, and the gulls follow it out past the lighthouse. ", count: 6)

    /// One attribution after the 64th token of `attributionText` (its next token the target), every active feature
    /// ablated: what the attribution pane waits for.
    private static func measureAttribution(_ source: AttributionSource) -> Figure {
        var features = 0
        var failure: Error?
        let request = AttributionRequest(run: 1, text: attributionText, position: 63, target: nil)
        let time = Stopwatch.median(runs: 3) {
            do {
                features = try source.attribute(request) { _, _ in true }.entries.count
            } catch {
                failure = error
            }
        }
        if let failure { return Figure(name: "attribution", milliseconds: .nan, note: "failed: \(failure)") }
        return Figure(name: "attribution, 64-token prompt, median", milliseconds: time * 1000,
                      note: "\(features) active features, each ablated; aim: under 1 s")
    }

    /// Tokens each side generates in the steering figure.
    package static let steeringTokens = 64

    /// One steering run of feature 0 clamped on generated tokens (the explorer's default span), greedy, both sides to
    /// `steeringTokens` tokens, each piece reduced and framed as in the explorer: the time to the first steered piece
    /// and per token of both sides.
    private static func measureSteering(_ steering: SteeringSource, state: inout AppState, previous: inout Buffer,
                                        palette: Palette) -> [Figure] {
        state.shared.focus = .steering
        state.shared.modelName = "bench"
        _ = AppReducer.reduce(&state, .steering(.generationStarted))
        let request = GenerationRequest(run: state.steering.run, prompt: "Tell me about the sea.", chat: steering.hasChatTemplate,
                                        edits: [FeatureEdit(feature: 0, operation: .clamp(5), span: .generated)],
                                        maxTokens: steeringTokens, temperature: 0, seed: 0)
        var first: Double?
        var pieces = 0
        let start = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        do {
            try steering.generate(request) { side, text in
                if side == 0, first == nil { first = elapsed() }
                pieces += 1
                _ = AppReducer.reduce(&state, .steering(.generationPiece(run: request.run, side: side, text: text)))
                let frame = Screen.render(state, palette: palette)
                _ = Buffer.diff(previous, frame)
                previous = frame
                return true
            }
        } catch {
            return [Figure(name: "steering run", milliseconds: .nan, note: "failed: \(error)")]
        }
        let total = elapsed()
        return [
            Figure(name: "steering: Enter → first steered token", milliseconds: (first ?? total) * 1000,
                   note: "\(request.chat ? "chat " : "")prompt run once, shared by both sides (the edit spans generated tokens)"),
            Figure(name: "steering: per token, both sides", milliseconds: total * 1000 / Double(max(1, pieces)),
                   note: String(format: "%d pieces in %.2f s = %.1f tokens/s per side, a frame each", pieces, total,
                                Double(pieces) / 2 / max(total, 1e-9))),
        ]
    }

    private static func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
