import Foundation
import SAEKit

/// Runs effects against the engine, off the input loop (or inline, for tests), and collects the resulting actions.
// @unchecked Sendable: every mutable field (inbox, tickets, live run, schedule) is touched only under `lock`; the rest is set once.
public final class EffectRunner: @unchecked Sendable {
    /// Whether effects run on a background queue or at once on the caller's thread.
    public enum Mode: Sendable { case background, inline }

    private let dictionary: SparseDictionary
    private let other: SparseDictionary?
    private let source: ActivationSource?
    private let steering: SteeringSource?
    private let presets: PresetShelf?
    private let index: FeatureIndex?
    private let annotations: (store: AnnotationStore, dictionary: String)?
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
    /// The overview's decoder figures: long for a large dictionary, so off the other queues.
    private let healthQueue = DispatchQueue(label: "saescope.explorer.health", qos: .utility)
    private let lock = NSLock()
    private var inbox: [Action] = []
    private var latestNeighbourRequest = 0
    private var latestEncodeRequest = 0
    /// The generation run that may still deliver text (a newer run or a cancel stops the older one).
    private var liveRun = 0
    private var running = 0

    /// A runner for `dictionary`, `other` (same d_in) for neighbours across dictionaries, `source` for encoding
    /// text, `steering` for steered generation and `presets` for steering presets; text is encoded once typing
    /// pauses for `typingPause` seconds of `clock`.
    public init(dictionary: SparseDictionary, other: SparseDictionary? = nil, source: ActivationSource? = nil,
                steering: SteeringSource? = nil, presets: PresetShelf? = nil,
                index: FeatureIndex? = nil, annotations: (store: AnnotationStore, dictionary: String)? = nil,
                mode: Mode = .background, typingPause: Double = 0.06, clock: ExplorerClock = SystemClock()) {
        self.clock = clock
        self.annotations = annotations
        self.steering = steering
        self.presets = presets
        self.dictionary = dictionary
        self.other = other
        self.source = source
        self.index = index
        self.mode = mode
        self.typingPause = typingPause
    }

    /// Starts an effect; its result arrives through `drain()`. A neighbour request superseded before it starts is
    /// skipped, so holding a key down does not queue a computation per row.
    public func run(_ effect: Effect) {
        switch effect {
        case .computeNeighbours(let feature, let top):
            let ticket = locked { latestNeighbourRequest += 1; return latestNeighbourRequest }
            dispatch(on: lookupQueue) { [self] in
                guard locked({ ticket == latestNeighbourRequest }) else { return }
                post(neighbours(of: feature, top: top))
            }
        case .saveAnnotation(let feature, let note):
            guard let annotations else { return }
            dispatch(on: lookupQueue) { [self] in
                do {
                    try annotations.store.save(note, dictionary: annotations.dictionary, feature: feature)
                } catch {
                    post([.detail(.saveFailed(String(describing: error)))])
                }
            }
        case .loadRecord(let feature):
            dispatch(on: lookupQueue) { [self] in
                // A lookup takes about a millisecond; a failure leaves the pane as it is without the record.
                guard let record = try? index?.feature(feature) else { return }
                post([.detail(.recordArrived(record))])
            }
        case .generate(let request):
            locked { liveRun = request.run }
            dispatch(on: generateQueue) { [self] in
                // A run cancelled or superseded while it waited does not start.
                guard locked({ liveRun == request.run }) else { return }
                let action = generate(request)
                locked { if liveRun == request.run { inbox.append(action) } }
            }
        case .cancelGeneration(let run):
            locked { if liveRun == run { liveRun = 0 } }
        case .savePreset(let name, let preset):
            dispatch(on: lookupQueue) { [self] in post([save(preset, name: name)]) }
        case .loadPreset(let after):
            dispatch(on: lookupQueue) { [self] in post([loadPreset(after: after)]) }
        case .computeDictionaryHealth:
            dispatch(on: healthQueue) { [self] in computeHealth() }
        case .encodeText(let text):
            // Encoded by `startDueWork` once typing has paused; a newer text replaces this one.
            locked { scheduledEncode = (text, clock.now + typingPause) }
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
        // An encoding still queued when a newer one starts is skipped.
        dispatch(on: encodeQueue) { [self] in
            guard locked({ ticket == latestEncodeRequest }) else { return }
            post([encode(text)])
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

    /// Hands actions to the next `drain()`.
    private func post(_ actions: [Action]) { locked { inbox += actions } }

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

    /// The tokens of `text` with the features active on each, as an action.
    private func encode(_ text: String) -> Action {
        guard let source else { return .heatmap(.failed(text: text, "no model")) }
        if text.isEmpty { return .heatmap(.encoded(text: text, [])) }
        do {
            let result = try source.activations(of: text)
            guard result.activations.cols == dictionary.dIn else {
                return .heatmap(.failed(text: text, "the model's width \(result.activations.cols) is not the dictionary's d_in \(dictionary.dIn)"))
            }
            let codes = dictionary.encode(result.activations)
            let tokens = result.tokens.indices.map { index in
                EncodedToken(bytes: result.tokens[index],
                             features: codes.row(index).map { FeatureValue(feature: $0.feature, value: $0.value) })
            }
            return .heatmap(.encoded(text: text, tokens, fullLength: result.fullLength))
        } catch {
            return .heatmap(.failed(text: text, String(describing: error)))
        }
    }

    /// Runs a steered and an unsteered generation, sending each piece of text back while the run is live; the
    /// action that ends the run.
    private func generate(_ request: GenerationRequest) -> Action {
        guard let steering else { return .steering(.generationFailed(run: request.run, "no model")) }
        do {
            try steering.generate(request) { steered, text in
                locked {
                    guard liveRun == request.run else { return false }
                    if !text.isEmpty { inbox.append(.steering(.generationPiece(run: request.run, steered: steered, text: text))) }
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
    private func computeHealth() {
        post([.overview(.normsArrived(DictionaryHealth.decoderNorms(dictionary.decoderNorms)))])
        var posted = -1
        let cosines = DictionaryHealth.highestCosines(of: dictionary) { [self] done, total in
            let percent = done * 100 / max(1, total)
            if percent != posted {
                posted = percent
                post([.overview(.progressed(done: done, total: total))])
            }
            return true
        }
        guard let cosines else { return }
        let twins = cosines.filter { $0 > OverviewState.twinCosine }.count
        post([.overview(.redundancyArrived(Bins(cosines, low: cosines.min() ?? 0, high: cosines.max() ?? 0, count: 32), twins: twins))])
    }

    /// The neighbours of `feature` in this dictionary and in the other one, and its decoder norm (all norms are cached
    /// by the neighbour query), as actions.
    private func neighbours(of feature: Int, top: Int) -> [Action] {
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
