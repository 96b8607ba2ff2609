import Foundation
import SAEKit

/// Runs effects against the engine, off the input loop (or inline, for tests), by the rules each effect carries, and
/// collects the actions that come back. One table holds the work started and not yet finished, each with the token
/// that stops it: by its line (`Effect.ID`) or on its own.
// @unchecked Sendable: every mutable field (the table, the inbox, the two dictionaries) is touched only under `lock`.
package final class EffectRunner: @unchecked Sendable {
    /// Whether effects run on background queues or at once on the caller's thread.
    package enum Mode: Sendable { case background, inline }

    /// What the runner needs of one open dictionary: its weights, the model sources at its hook point, its index, and
    /// where its annotations are filed.
    private struct Side: Sendable {
        var dictionary: SparseDictionary
        var source: ActivationSource?
        var steering: SteeringSource?
        var attribution: AttributionSource?
        var index: FeatureIndex?
        var annotations: (store: AnnotationStore, dictionary: String)?
    }

    /// Stops one piece of work: it posts nothing once stopped, and stops at its next check.
    private final class Token: @unchecked Sendable {
        // @unchecked: `stopped` is read and written only under the runner's lock.
        var stopped = false
    }

    /// A piece of work in the table: started, or waiting until `due` on the clock.
    private struct Entry {
        var effect: Effect
        var token: Token
        var due: Double?
    }

    /// Where a piece of work is filed: its line, or a number of its own.
    private enum Key: Hashable {
        case line(Effect.ID)
        case own(Int)
    }

    /// The dictionary that leads and the other one (swapped by `.swapDictionaries`).
    private var lead: Side
    private var second: Side?
    private let presets: PresetShelf?
    private let mode: Mode
    private let clock: ExplorerClock
    private let lock = NSLock()
    /// The one table of running and waiting work.
    private var table: [Key: [Entry]] = [:]
    private var numbered = 0
    private var inbox: [Action] = []
    /// Work that has no line (lookups and the user's writes) runs here, in the order it was asked for.
    private let inOrder = DispatchQueue(label: "saescope.explorer.in-order", qos: .userInitiated)
    /// Each line's work runs on a queue of its own, one piece at a time (so that a piece stopped while it waited is
    /// skipped, not run beside the newer one), beside the other lines'; the overview's figures at a lower priority.
    private let lines: [Effect.ID: DispatchQueue] = Dictionary(uniqueKeysWithValues: Effect.ID.allCases.map { id in
        (id, DispatchQueue(label: "saescope.explorer.\(id)", qos: id == .health ? .utility : .userInitiated))
    })

    /// A runner for `lead`, with `other` (same d_in) for neighbours across dictionaries and to swap to; `presets`
    /// for steering presets; the user's annotations of each filed in `annotations` under its identity; delays are
    /// timed by `clock`.
    package init(lead: OpenedDictionary, other: OpenedDictionary? = nil, presets: PresetShelf? = nil,
                annotations: AnnotationStore? = nil, mode: Mode = .background, clock: ExplorerClock = SystemClock()) {
        func side(_ opened: OpenedDictionary) -> Side {
            Side(dictionary: opened.dictionary, source: opened.activations, steering: opened.steering,
                 attribution: opened.attribution, index: opened.index, annotations: Self.filing(annotations, opened))
        }
        self.lead = side(lead)
        self.second = other.map(side)
        self.clock = clock
        self.presets = presets
        self.mode = mode
    }

    /// A runner for one dictionary: `source` encodes text, `steering` steers, `index` holds its records; see the
    /// main initializer for the rest.
    package convenience init(dictionary: SparseDictionary, source: ActivationSource? = nil, steering: SteeringSource? = nil,
                            presets: PresetShelf? = nil, index: FeatureIndex? = nil, annotations: AnnotationStore? = nil,
                            mode: Mode = .background, clock: ExplorerClock = SystemClock()) {
        self.init(lead: OpenedDictionary(dictionary, name: "", index: index, activations: source, steering: steering),
                  presets: presets, annotations: annotations, mode: mode, clock: clock)
    }

    /// Where a dictionary's annotations are filed in `store`: under its identity (none without both).
    static func filing(_ store: AnnotationStore?, _ opened: OpenedDictionary) -> (store: AnnotationStore, dictionary: String)? {
        guard let store, let identity = opened.identity else { return nil }
        return (store, identity)
    }

    /// Starts an effect by its rules; what it sends back arrives through `drain()`.
    package func run(_ effect: Effect) {
        switch effect.work {
        case .cancel(let id):
            locked { stop(.line(id)) }
        case .swapDictionaries:
            locked {
                guard let second = self.second else { return }
                (self.lead, self.second) = (second, self.lead)
                // Everything under way names the old leader's features: stopped, and what it posted but the app has
                // not drained yet, dropped.
                for key in Array(table.keys) { stop(key) }
                inbox = []
            }
        default:
            let (key, token): (Key, Token) = locked {
                let key: Key
                if let id = effect.id {
                    key = .line(id)
                    if effect.cancelsInFlight { stop(key) }
                } else {
                    numbered += 1
                    key = .own(numbered)
                }
                let token = Token()
                table[key, default: []].append(Entry(effect: effect, token: token, due: effect.delay > 0 ? clock.now + effect.delay : nil))
                return (key, token)
            }
            if effect.delay <= 0 { start(effect, key: key, token: token) }
        }
    }

    /// Starts the work whose delay is over, then returns the actions that came back since the last call.
    package func drain() -> [Action] {
        let due: [(Effect, Key, Token)] = locked {
            var due: [(Effect, Key, Token)] = []
            let now = clock.now
            for (key, entries) in table {
                for (i, entry) in entries.enumerated() where entry.due.map({ $0 <= now }) == true {
                    table[key]?[i].due = nil
                    due.append((entry.effect, key, entry.token))
                }
            }
            return due
        }
        for (effect, key, token) in due { start(effect, key: key, token: token) }
        return locked {
            defer { inbox = [] }
            return inbox
        }
    }

    /// Waits until the writes already asked for (names, notes, stars, presets) are on disk; encodings and generations
    /// still running are left to be abandoned.
    package func finishWrites() {
        guard mode == .background else { return }
        inOrder.sync {}
    }

    /// Whether any work is running or waiting for its time.
    package var isBusy: Bool { locked { !table.isEmpty } }

    /// Stops every piece of work filed under `key` and takes it from the table (under the lock).
    private func stop(_ key: Key) {
        for entry in table[key] ?? [] { entry.token.stopped = true }
        table[key] = nil
    }

    /// Runs `effect`'s work on its queue (at once, in inline mode), posting what it sends back while `token` is not
    /// stopped; takes it from the table when it ends. Work stopped before it began is skipped, but for the user's
    /// writes, which always reach the disk.
    private func start(_ effect: Effect, key: Key, token: Token) {
        let (lead, second) = locked { (self.lead, self.second) }
        // What a write sends back (a failure to save) is reported even after a swap; other work's, only while wanted.
        let reportsAlways = effect.work.isWrite
        let post: @Sendable ([Action]) -> Bool = { [self] actions in
            locked {
                guard !token.stopped || reportsAlways else { return false }
                inbox += actions
                return !token.stopped
            }
        }
        let work: @Sendable () -> Void = { [self] in
            if effect.work.isWrite || !locked({ token.stopped }) {
                perform(effect.work, lead: lead, second: second, post: post)
            }
            locked {
                table[key]?.removeAll { $0.token === token }
                if table[key]?.isEmpty == true { table[key] = nil }
            }
        }
        guard mode == .background else { return work() }
        (effect.id.flatMap { lines[$0] } ?? inOrder).async(execute: work)
    }

    /// Does `work` for `lead` (with `second` beside it), handing what comes back to `post`, which says whether the
    /// work is still wanted.
    private func perform(_ work: Effect.Work, lead: Side, second: Side?, post: @escaping @Sendable ([Action]) -> Bool) {
        switch work {
        case .computeNeighbours(let feature, let top):
            _ = post(neighbours(of: feature, top: top, in: lead.dictionary, among: second?.dictionary))
        case .saveAnnotation(let feature, let note):
            guard let annotations = lead.annotations else { return }
            do {
                try annotations.store.save(note, dictionary: annotations.dictionary, feature: feature)
            } catch {
                _ = post([.detail(.saveFailed(String(describing: error)))])
            }
        case .loadRecord(let feature):
            // A lookup takes about a millisecond; a failure leaves the pane as it is without the record.
            guard let record = try? lead.index?.feature(feature) else { return }
            _ = post([.detail(.recordArrived(record))])
        case .encodeText(let text):
            _ = post([encode(text, with: lead)])
        case .generate(let request):
            _ = post([generate(request, through: lead.steering, post: post)])
        case .attribute(let request):
            _ = post([attribute(request, through: lead.attribution, post: post)])
        case .savePreset(let name, let preset):
            _ = post([save(preset, name: name)])
        case .loadPreset(let after):
            _ = post([loadPreset(after: after)])
        case .computeDictionaryHealth:
            computeHealth(of: lead.dictionary, post: post)
        case .swapDictionaries, .cancel:
            break   // taken by `run`
        }
    }

    /// The tokens of `text` with the features of `side`'s dictionary active on each, as an action.
    private func encode(_ text: String, with side: Side) -> Action {
        let dictionary = side.dictionary
        guard let source = side.source else { return .heatmap(.failed(text: text, "no model")) }
        if text.isEmpty { return .heatmap(.encoded(text: text, [])) }
        do {
            let result = try source.activations(of: text)
            guard result.activations.cols == dictionary.dIn else {
                return .heatmap(.failed(text: text, "the model's width \(result.activations.cols) is not the dictionary's d_in \(dictionary.dIn)"))
            }
            return .heatmap(.encoded(text: text, result.encoded(through: dictionary), fullLength: result.fullLength))
        } catch {
            return .heatmap(.failed(text: text, String(describing: error)))
        }
    }

    /// Generates `request` through `steering`, posting each piece of text while the run is wanted; the action that
    /// ends the run.
    private func generate(_ request: GenerationRequest, through steering: SteeringSource?, post: ([Action]) -> Bool) -> Action {
        guard let steering else { return .steering(.generationFailed(run: request.run, "no model")) }
        do {
            try steering.generate(request) { side, text in
                text.isEmpty || post([.steering(.generationPiece(run: request.run, side: side, text: text))])
            }
            return .steering(.generationFinished(run: request.run))
        } catch {
            return .steering(.generationFailed(run: request.run, String(describing: error)))
        }
    }

    /// Attributes `request` through `source`, posting progress while the run is wanted; the action that ends it.
    private func attribute(_ request: AttributionRequest, through source: AttributionSource?, post: ([Action]) -> Bool) -> Action {
        guard let source else { return .attribution(.failed(run: request.run, "no model")) }
        do {
            let result = try source.attribute(request) { done, total in
                post([.attribution(.progressed(run: request.run, done: done, total: total))])
            }
            return .attribution(.arrived(run: request.run, result))
        } catch {
            return .attribution(.failed(run: request.run, String(describing: error)))
        }
    }

    /// Writes a preset; the action saying how it went.
    private func save(_ preset: SteeringPreset, name: String) -> Action {
        do {
            guard let presets else { throw InputError("preset", "there is no presets folder") }
            try presets.save(preset, name: name)
            return .steering(.presetSaved(name: name))
        } catch {
            return .steering(.presetFailed("could not save the preset: \(error)", file: nil))
        }
    }

    /// Reads the preset after `after`; the action carrying it, or saying why not.
    private func loadPreset(after: String?) -> Action {
        guard let (name, result) = presets?.load(after: after) else { return .steering(.noPresets) }
        switch result {
        case .success(let preset): return .steering(.presetLoaded(name: name, preset))
        case .failure(let error): return .steering(.presetFailed(String(describing: error), file: name))
        }
    }

    /// The overview's decoder figures, posted as they come: the norms at once, then the progress of the cosines (a
    /// hundred steps at most) and their spread; it stops when `post` says the work is no longer wanted (a swap).
    private func computeHealth(of dictionary: SparseDictionary, post: @escaping @Sendable ([Action]) -> Bool) {
        guard post([.overview(.normsArrived(DictionaryHealth.decoderNorms(dictionary.decoderNorms)))]) else { return }
        var posted = -1, wanted = true
        let cosines = DictionaryHealth.highestCosines(of: dictionary) { done, total in
            let percent = done * 100 / max(1, total)
            if percent != posted {
                posted = percent
                wanted = post([.overview(.progressed(done: done, total: total))])
            }
            return wanted
        }
        guard let cosines else { return }
        let finite = cosines.filter(\.isFinite)
        let twins = finite.filter { $0 > OverviewState.twinCosine }.count
        _ = post([.overview(.redundancyArrived(Bins(finite, low: finite.min() ?? 0, high: finite.max() ?? 0, count: 32), twins: twins))])
    }

    /// The neighbours of `feature` in this dictionary and in the other one, and its decoder norm (all norms are cached
    /// by the neighbour query), as actions.
    private func neighbours(of feature: Int, top: Int, in dictionary: SparseDictionary, among other: SparseDictionary?) -> [Action] {
        func items(_ found: [Neighbour]) -> [NeighbourItem] { found.map { NeighbourItem(feature: $0.feature, cosine: $0.cosine) } }
        do {
            let found = try Neighbours.nearest(to: feature, in: dictionary, top: top)
            var actions: [Action] = [.neighbours(.arrived(feature: feature, items(found))),
                                     .neighbours(.decoderNormArrived(feature: feature, dictionary.decoderNorms[feature]))]
            if let other {
                let found = try Neighbours.nearest(to: feature, in: dictionary, among: other, top: top)
                actions.append(.neighbours(.othersArrived(feature: feature, items(found))))
            }
            return actions
        } catch {
            return [.neighbours(.failed(feature: feature, String(describing: error)))]
        }
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}

extension Effect.Work {
    /// Whether this work writes the user's data (names, notes, stars, presets), which is never skipped.
    var isWrite: Bool {
        switch self {
        case .saveAnnotation, .savePreset: return true
        default: return false
        }
    }
}
