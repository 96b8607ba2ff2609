import Foundation
import SAEKit

/// Runs effects against the engine, off the input loop (or inline, for tests), and collects the resulting actions.
// @unchecked Sendable: every mutable field (inbox, tickets, live run, schedule) is touched only under `lock`; the rest is set once.
public final class EffectRunner: @unchecked Sendable {
    /// Whether effects run on a background queue or at once on the caller's thread.
    public enum Mode: Sendable { case background, inline }

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

    /// The dictionary that leads and the other one (swapped by `.swapDictionaries`); read under `lock`.
    private var lead: Side
    private var second: Side?
    /// Counts the swaps: work started before the last one posts nothing.
    private var epoch = 0
    private let presets: PresetShelf?
    private let mode: Mode
    /// How long typing must pause before the heatmap text is encoded.
    private let typingPause: Double
    private let clock: ExplorerClock
    /// The heatmap text to encode once the clock reaches `due` (a newer text replaces it).
    private var scheduledEncode: (text: String, due: Double)?
    /// Neighbour queries, index lookups and small file writes, in order.
    private let lookupQueue = DispatchQueue(label: "saescope.explorer.lookups", qos: .userInitiated)
    private let encodeQueue = DispatchQueue(label: "saescope.explorer.encode", qos: .userInitiated)
    private let generateQueue = DispatchQueue(label: "saescope.explorer.generate", qos: .userInitiated)
    private let attributionQueue = DispatchQueue(label: "saescope.explorer.attribution", qos: .userInitiated)
    /// The attribution run that may still deliver its result.
    private var liveAttribution = 0
    /// The overview's decoder figures: long for a large dictionary, so off the other queues.
    private let healthQueue = DispatchQueue(label: "saescope.explorer.health", qos: .utility)
    private let lock = NSLock()
    private var inbox: [Action] = []
    private var latestNeighbourRequest = 0
    private var latestEncodeRequest = 0
    /// The generation run that may still deliver text (a newer run or a cancel stops the older one).
    private var liveRun = 0
    private var running = 0

    /// A runner for `lead`, with `other` (same d_in) for neighbours across dictionaries and to swap to; `presets`
    /// for steering presets; the user's annotations of each filed in `annotations` under the identity its index
    /// records. Text is encoded once typing pauses for `typingPause` seconds of `clock`.
    public init(lead: OpenedDictionary, other: OpenedDictionary? = nil, presets: PresetShelf? = nil,
                annotations: AnnotationStore? = nil, mode: Mode = .background, typingPause: Double = 0.06,
                clock: ExplorerClock = SystemClock()) {
        func side(_ opened: OpenedDictionary) -> Side {
            Side(dictionary: opened.dictionary, source: opened.activations, steering: opened.steering,
                 attribution: opened.attribution, index: opened.index,
                 annotations: Self.filing(annotations, opened))
        }
        self.lead = side(lead)
        self.second = other.map(side)
        self.clock = clock
        self.presets = presets
        self.mode = mode
        self.typingPause = typingPause
    }

    /// A runner for one dictionary: `source` encodes text, `steering` steers, `index` holds its records; see the
    /// main initializer for the rest.
    public convenience init(dictionary: SparseDictionary, source: ActivationSource? = nil, steering: SteeringSource? = nil,
                            presets: PresetShelf? = nil, index: FeatureIndex? = nil, annotations: AnnotationStore? = nil,
                            mode: Mode = .background, typingPause: Double = 0.06, clock: ExplorerClock = SystemClock()) {
        self.init(lead: OpenedDictionary(dictionary, name: "", index: index, activations: source, steering: steering),
                  presets: presets, annotations: annotations, mode: mode, typingPause: typingPause, clock: clock)
    }

    /// Where a dictionary's annotations are filed in `store`: under its identity (none without both).
    static func filing(_ store: AnnotationStore?, _ opened: OpenedDictionary) -> (store: AnnotationStore, dictionary: String)? {
        guard let store, let identity = opened.identity else { return nil }
        return (store, identity)
    }

    /// Starts an effect; its result arrives through `drain()`. A neighbour request superseded before it starts is
    /// skipped, so holding a key down does not queue a computation per row.
    public func run(_ effect: Effect) {
        // The work is done on the dictionaries as they are now; what it posts after a swap is dropped.
        let (lead, second, epoch) = locked { (self.lead, self.second, self.epoch) }
        let post: @Sendable ([Action]) -> Void = { [self] actions in self.post(actions, epoch: epoch) }
        switch effect {
        case .computeNeighbours(let feature, let top):
            let ticket = locked { latestNeighbourRequest += 1; return latestNeighbourRequest }
            dispatch(on: lookupQueue) { [self] in
                guard locked({ ticket == latestNeighbourRequest }) else { return }
                post(neighbours(of: feature, top: top, in: lead.dictionary, among: second?.dictionary))
            }
        case .saveAnnotation(let feature, let note):
            guard let annotations = lead.annotations else { return }
            dispatch(on: lookupQueue) {
                do {
                    try annotations.store.save(note, dictionary: annotations.dictionary, feature: feature)
                } catch {
                    post([.detail(.saveFailed(String(describing: error)))])
                }
            }
        case .loadRecord(let feature):
            dispatch(on: lookupQueue) {
                // A lookup takes about a millisecond; a failure leaves the pane as it is without the record.
                guard let record = try? lead.index?.feature(feature) else { return }
                post([.detail(.recordArrived(record))])
            }
        case .generate(let request):
            locked { liveRun = request.run }
            dispatch(on: generateQueue) { [self] in
                // A run cancelled or superseded while it waited does not start.
                guard locked({ liveRun == request.run }) else { return }
                let action = generate(request, through: lead.steering)
                locked { if liveRun == request.run { inbox.append(action) } }
            }
        case .cancelGeneration(let run):
            locked { if liveRun == run { liveRun = 0 } }
        case .attribute(let request):
            locked { liveAttribution = request.run }
            dispatch(on: attributionQueue) { [self] in
                guard locked({ liveAttribution == request.run }) else { return }
                post([attribute(request, through: lead.attribution, post: post)])
            }
        case .cancelAttribution(let run):
            locked { if liveAttribution == run { liveAttribution = 0 } }
        case .savePreset(let name, let preset):
            dispatch(on: lookupQueue) { [self] in post([save(preset, name: name)]) }
        case .loadPreset(let after):
            dispatch(on: lookupQueue) { [self] in post([loadPreset(after: after)]) }
        case .computeDictionaryHealth:
            dispatch(on: healthQueue) { [self] in computeHealth(of: lead.dictionary, epoch: epoch) }
        case .swapDictionaries:
            locked {
                guard let second = self.second else { return }
                (self.lead, self.second) = (second, self.lead)
                self.epoch += 1
                // What the old leader's work posted but the app has not drained yet names its features: gone too.
                inbox = []
                liveRun = 0
                liveAttribution = 0
                scheduledEncode = nil
            }
        case .encodeText(let text):
            // Encoded by `startDueWork` once typing has paused; a newer text replaces this one.
            locked { scheduledEncode = (text, clock.now + typingPause) }
        }
    }

    /// Attributes `request` through `source`, posting progress while the run is live; the action that ends it (a
    /// cancelled run ends with nothing the reducer keeps).
    private func attribute(_ request: AttributionRequest, through source: AttributionSource?,
                           post: @Sendable ([Action]) -> Void) -> Action {
        guard let source else { return .attribution(.failed(run: request.run, "no model")) }
        do {
            let result = try source.attribute(request) { done, total in
                guard locked({ liveAttribution == request.run }) else { return false }
                post([.attribution(.progressed(run: request.run, done: done, total: total))])
                return true
            }
            return .attribution(.arrived(run: request.run, result))
        } catch {
            return .attribution(.failed(run: request.run, String(describing: error)))
        }
    }

    /// Starts the timed work whose time has come on the clock (the heatmap encoding, once typing has paused).
    private func startDueWork() {
        let due: (text: String, ticket: Int)? = locked {
            guard let scheduled = scheduledEncode, clock.now >= scheduled.due else { return nil }
            scheduledEncode = nil
            latestEncodeRequest += 1
            return (scheduled.text, latestEncodeRequest)
        }
        guard let (text, ticket) = due else { return }
        let (lead, epoch) = locked { (self.lead, self.epoch) }
        // An encoding still queued when a newer one starts is skipped.
        dispatch(on: encodeQueue) { [self] in
            guard locked({ ticket == latestEncodeRequest }) else { return }
            post([encode(text, with: lead)], epoch: epoch)
        }
    }

    /// Runs `work` on `queue`, or at once on the caller's thread in inline mode; the runner is busy until it is done
    /// (so the input loop polls for its result quickly).
    private func dispatch(on queue: DispatchQueue, _ work: @escaping @Sendable () -> Void) {
        locked { running += 1 }
        let counted: @Sendable () -> Void = { [self] in
            work()
            locked { running -= 1 }
        }
        if mode == .inline { counted() } else { queue.async(execute: counted) }
    }

    /// Hands actions to the next `drain()`, unless the dictionaries were swapped since the work began (`epoch`).
    private func post(_ actions: [Action], epoch: Int) { locked { if epoch == self.epoch { inbox += actions } } }

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

    /// Runs a steered and an unsteered generation, sending each piece of text back while the run is live; the
    /// action that ends the run.
    private func generate(_ request: GenerationRequest, through steering: SteeringSource?) -> Action {
        guard let steering else { return .steering(.generationFailed(run: request.run, "no model")) }
        do {
            try steering.generate(request) { side, text in
                locked {
                    guard liveRun == request.run else { return false }
                    if !text.isEmpty { inbox.append(.steering(.generationPiece(run: request.run, side: side, text: text))) }
                    return true
                }
            }
            return .steering(.generationFinished(run: request.run))
        } catch {
            return .steering(.generationFailed(run: request.run, String(describing: error)))
        }
    }

    /// Starts the timed work that is due, then returns the actions that came back since the last call.
    public func drain() -> [Action] {
        startDueWork()
        return locked {
            defer { inbox = [] }
            return inbox
        }
    }

    /// Waits until the writes already asked for (names, notes, stars, presets) are on disk; encodings and generations
    /// still running are left to be abandoned.
    public func finishWrites() {
        guard mode == .background else { return }
        lookupQueue.sync {}
    }

    /// Whether any effect is still running or waiting for its time.
    public var isBusy: Bool { locked { running > 0 || scheduledEncode != nil } }

    /// The overview's decoder figures, posted as they come: the norms at once, then the progress of the cosines (a
    /// hundred steps at most) and their spread.
    private func computeHealth(of dictionary: SparseDictionary, epoch: Int) {
        post([.overview(.normsArrived(DictionaryHealth.decoderNorms(dictionary.decoderNorms)))], epoch: epoch)
        var posted = -1
        // A swap of dictionaries stops the computation.
        let cosines = DictionaryHealth.highestCosines(of: dictionary) { [self] done, total in
            let percent = done * 100 / max(1, total)
            if percent != posted {
                posted = percent
                post([.overview(.progressed(done: done, total: total))], epoch: epoch)
            }
            return locked { epoch == self.epoch }
        }
        guard let cosines else { return }
        let finite = cosines.filter(\.isFinite)
        let twins = finite.filter { $0 > OverviewState.twinCosine }.count
        post([.overview(.redundancyArrived(Bins(finite, low: finite.min() ?? 0, high: finite.max() ?? 0, count: 32), twins: twins))],
             epoch: epoch)
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
