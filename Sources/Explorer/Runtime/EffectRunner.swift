import Foundation
import SAEKit

/// Runs effects against the engine, off the input loop (or inline, for tests), and collects the resulting actions.
public final class EffectRunner: @unchecked Sendable {
    /// Whether effects run on a background queue or at once on the caller's thread.
    public enum Mode: Sendable { case background, inline }

    private let dictionary: SparseDictionary
    private let mode: Mode
    private let queue = DispatchQueue(label: "saescope.explorer.effects", qos: .userInitiated)
    private let lock = NSLock()
    private var inbox: [Action] = []
    private var latestNeighbourRequest = 0
    private var running = 0

    /// A runner for `dictionary`.
    public init(dictionary: SparseDictionary, mode: Mode = .background) {
        self.dictionary = dictionary
        self.mode = mode
    }

    /// Starts an effect; its result arrives through `drain()`. A neighbour request superseded before it starts is
    /// skipped, so holding a key down does not queue a computation per row.
    public func run(_ effect: Effect) {
        switch effect {
        case .computeNeighbours(let feature, let top):
            let ticket = locked { latestNeighbourRequest += 1; running += 1; return latestNeighbourRequest }
            let work: @Sendable () -> Void = { [self] in
                defer { locked { running -= 1 } }
                guard locked({ ticket == latestNeighbourRequest }) else { return }
                let action: Action
                do {
                    action = .neighboursArrived(feature: feature, try Neighbours.nearest(to: feature, in: dictionary, top: top)
                        .map { NeighbourItem(feature: $0.feature, cosine: $0.cosine) })
                } catch {
                    action = .neighboursFailed(feature: feature, String(describing: error))
                }
                locked { inbox.append(action) }
            }
            if mode == .inline { work() } else { queue.async(execute: work) }
        }
    }

    /// The actions that came back since the last call.
    public func drain() -> [Action] {
        locked {
            defer { inbox = [] }
            return inbox
        }
    }

    /// Whether any effect is still running.
    public var isBusy: Bool { locked { running > 0 } }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}
