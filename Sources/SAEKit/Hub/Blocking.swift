import Dispatch

/// The result of work a task finishes, handed to the thread that waits for it.
private final class Outcome<T: Sendable>: @unchecked Sendable {
    // Written once by the task before it signals, read after the wait: the semaphore orders the two.
    var result: Result<T, Error>?
}

/// Runs `work` to completion from synchronous code (a command's `run`, the explorer's start-up) and returns its
/// result or throws its error: the Hub client is asynchronous, its callers are not.
public func runBlocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = Outcome<T>(), done = DispatchSemaphore(value: 0)
    Task {
        do { outcome.result = .success(try await work()) } catch { outcome.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try outcome.result!.get()
}
