import Foundation

/// Turns Ctrl-C (SIGINT) and SIGTERM into a flag a long job polls, so it can checkpoint and stop cleanly.
// @unchecked Sendable: the flag is read and set under its lock; the signal sources are set once.
final class InterruptFlag: @unchecked Sendable {
    private let sources: [DispatchSourceSignal]
    private let lock = NSLock()
    private var flag = false

    /// Starts catching SIGINT and SIGTERM.
    init() {
        var sources: [DispatchSourceSignal] = []
        let queue = DispatchQueue(label: "saescope.signals")
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            sources.append(DispatchSource.makeSignalSource(signal: number, queue: queue))
        }
        self.sources = sources
        for source in sources {
            source.setEventHandler { [weak self] in self?.set() }
            source.resume()
        }
    }

    /// Whether a signal has arrived.
    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return flag
    }

    private func set() {
        lock.lock()
        flag = true
        lock.unlock()
    }
}
