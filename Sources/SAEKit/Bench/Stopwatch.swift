import Foundation

/// Wall-clock timing for benchmarks.
public enum Stopwatch {
    /// Seconds taken by `body`.
    public static func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// The median of `runs` timings of `body`, after one untimed warm-up run.
    public static func median(runs: Int, _ body: () -> Void) -> Double {
        body()
        let times = (0..<max(runs, 1)).map { _ in seconds(body) }.sorted()
        return times[times.count / 2]
    }
}
