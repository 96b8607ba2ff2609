import Foundation

/// Runs loop bodies on every core, in a few contiguous chunks so small loops pay little overhead.
public enum Parallel {
    /// Number of worker threads used (the machine's active processor count).
    public static let workerCount = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Calls `body(i)` for every i in 0..<count, spread over the workers; returns when all are done.
    public static func forEach(_ count: Int, _ body: (Int) -> Void) {
        guard count > 1, workerCount > 1 else {
            for i in 0..<count { body(i) }
            return
        }
        let chunks = min(count, workerCount * 4)
        // Callers give bodies that touch disjoint data per index; concurrentPerform returns only when all are done,
        // so the body does not outlive this call.
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = count * chunk / chunks, end = count * (chunk + 1) / chunks
            for i in start..<end { body(i) }
        }
    }
}
