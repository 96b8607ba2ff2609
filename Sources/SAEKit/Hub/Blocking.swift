import Dispatch

/// The result of work a task finishes, handed to the thread that waits for it.
private final class Outcome<T: Sendable>: @unchecked Sendable {
    // Written once by the task before it signals, read after the wait: the semaphore orders the two.
    var result: Result<T, Error>?
}

/// Runs the jobs of `runBlocking`'s tasks on a queue of their own, outside Swift's cooperative pool: a caller that
/// blocks one of the pool's few threads (one per core) while it waits, as a test run on that pool does, could
/// otherwise leave the task it waits for no thread to run on.
private final class BlockingExecutor: TaskExecutor {
    static let shared = BlockingExecutor()
    private let queue = DispatchQueue(label: "saescope.blocking", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job), executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}

/// Runs `work` to completion from synchronous code (a command's `run`, the explorer's start-up) and returns its
/// result or throws its error: the Hub client is asynchronous, its callers are not.
public func runBlocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let outcome = Outcome<T>(), done = DispatchSemaphore(value: 0)
    Task(executorPreference: BlockingExecutor.shared) {
        do { outcome.result = .success(try await work()) } catch { outcome.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try outcome.result!.get()
}
