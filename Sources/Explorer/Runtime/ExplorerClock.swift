import Foundation

/// Time as the explorer's timers (the pause in typing before the heatmap text is encoded) see it, in seconds from
/// an arbitrary start; tests give the runner a `ManualClock` and move it by hand.
package protocol ExplorerClock: AnyObject, Sendable {
    /// The current time.
    var now: Double { get }
}

/// The system's monotonic clock.
package final class SystemClock: ExplorerClock {
    /// The system clock.
    package init() {}

    package var now: Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}

/// A clock that stands still until told to move.
package final class ManualClock: ExplorerClock, @unchecked Sendable {
    // @unchecked: `time` is only touched under `lock`.
    private let lock = NSLock()
    private var time: Double

    /// A clock reading `start`.
    package init(start: Double = 0) { time = start }

    package var now: Double { lock.withLock { time } }

    /// Moves the clock forward by `seconds`.
    package func advance(by seconds: Double) { lock.withLock { time += seconds } }
}
