import Foundation
import Synchronization

/// Worker threads that stay awake between the many small parallel loops of token-by-token decoding (about 150 per
/// token), where waking a thread for each loop costs more than the loop. Workers spin briefly after a job, then sleep.
/// One job runs at a time; a caller that finds the pool busy (another session on another thread) runs its loop on
/// `DispatchQueue.concurrentPerform` instead.
// @unchecked Sendable: its shared state is atomics and an NSCondition; a job's body is published through them.
public final class WorkerPool: @unchecked Sendable {
    /// The pool for the machine: one helper per core besides the caller's.
    public static let shared = WorkerPool(helpers: Parallel.workerCount - 1)

    /// The number of helper threads.
    public let helpers: Int
    /// Spins of a waiting worker before it sleeps (tens of microseconds).
    private static let spinLimit = 20_000
    /// The current job in one word: its generation (bits 40–63), its part count (bits 20–39) and the parts claimed so
    /// far (bits 0–19). A worker claims a part by compare-and-swap on the whole word, so a worker that wakes late
    /// can never claim a part of a later job.
    private let claims = Atomic<Int>(0)
    /// The jobs' bodies, by generation parity: job g+1 uses the other slot, and job g+2 is written only after job
    /// g+1 has finished, by which time no claim on job g can succeed.
    private let evenBody = Atomic<Int>(0)
    private let oddBody = Atomic<Int>(0)
    /// Parts of the current job finished.
    private let finished = Atomic<Int>(0)
    /// Workers asleep, to be woken by the next job.
    private let sleepers = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private let wakeUp = NSCondition()

    /// A body kept by address in `bodies` while its job runs.
    private final class Body {
        let run: (Int) -> Void
        init(_ run: @escaping (Int) -> Void) { self.run = run }
    }

    /// A pool with `helpers` threads (0: every job runs on the caller's thread).
    public init(helpers: Int) {
        self.helpers = max(0, helpers)
        for index in 0..<self.helpers {
            let thread = Thread { [unowned self] in self.work() }
            thread.name = "saescope.worker.\(index)"
            thread.qualityOfService = .userInitiated
            thread.start()
        }
    }

    /// Calls `body(part)` for every part in 0..<parts, on the caller's thread and the helpers; returns when all are done.
    public func run(parts: Int, _ body: (Int) -> Void) {
        guard parts > 1, helpers > 0, parts < 1 << 20 else {
            for part in 0..<max(0, parts) { body(part) }
            return
        }
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            // As in `Parallel.forEach`: parts touch disjoint data, and the body does not outlive the call.
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: parts) { body($0) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let box = Body(body)
            withExtendedLifetime(box) {
                let generation = (Self.generation(of: claims.load(ordering: .relaxed)) + 1) & 0xFF_FFFF
                let address = Int(bitPattern: Unmanaged.passUnretained(box).toOpaque())
                if generation & 1 == 0 { evenBody.store(address, ordering: .relaxed) } else { oddBody.store(address, ordering: .relaxed) }
                finished.store(0, ordering: .relaxed)
                claims.store(generation << 40 | parts << 20, ordering: .sequentiallyConsistent)
                if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                    wakeUp.lock()
                    wakeUp.broadcast()
                    wakeUp.unlock()
                }
                runParts(of: generation)
                while finished.load(ordering: .acquiring) < parts {}
            }
        }
        busy.store(false, ordering: .releasing)
    }

    private static func generation(of word: Int) -> Int { (word >> 40) & 0xFF_FFFF }


    /// Claims and runs parts of job `generation` until none is left.
    private func runParts(of generation: Int) {
        while true {
            let word = claims.load(ordering: .acquiring)
            let parts = (word >> 20) & 0xF_FFFF, claimed = word & 0xF_FFFF
            guard Self.generation(of: word) == generation, claimed < parts else { return }
            let address = generation & 1 == 0 ? evenBody.load(ordering: .acquiring) : oddBody.load(ordering: .acquiring)
            guard claims.compareExchange(expected: word, desired: word + 1, ordering: .acquiringAndReleasing).exchanged else { continue }
            // The claim succeeded, so the job is unfinished and its body, read above, is alive.
            Self.run(part: claimed, of: address)
            finished.add(1, ordering: .releasing)
        }
    }

    /// Runs one part of the body at `address`. Not inlined, so that this thread's reference to the body is released
    /// before the part is counted as finished: the caller may end the body's life as soon as every part is counted.
    @inline(never)
    private static func run(part: Int, of address: Int) {
        Unmanaged<Body>.fromOpaque(UnsafeRawPointer(bitPattern: address)!).takeUnretainedValue().run(part)
    }

    /// A helper's loop: wait for a new job (spinning, then sleeping), help with its parts, repeat.
    private func work() {
        var seen = Self.generation(of: claims.load(ordering: .sequentiallyConsistent))
        while true {
            var spins = 0
            var current = Self.generation(of: claims.load(ordering: .sequentiallyConsistent))
            while current == seen, spins < Self.spinLimit {
                spins += 1
                current = Self.generation(of: claims.load(ordering: .sequentiallyConsistent))
            }
            if current == seen { current = sleep(while: seen) }
            seen = current
            runParts(of: current)
        }
    }

    /// Sleeps until a job after generation `seen` is published; its generation.
    private func sleep(while seen: Int) -> Int {
        wakeUp.lock()
        defer { wakeUp.unlock() }
        sleepers.add(1, ordering: .sequentiallyConsistent)
        defer { sleepers.subtract(1, ordering: .sequentiallyConsistent) }
        while true {
            let current = Self.generation(of: claims.load(ordering: .sequentiallyConsistent))
            if current != seen { return current }
            // The job's publisher wakes sleepers (both sides order their atomics sequentially, so none is missed); the
            // timeout is only a safety net, long enough that an idle pool costs nothing.
            _ = wakeUp.wait(until: Date(timeIntervalSinceNow: 1))
        }
    }
}
