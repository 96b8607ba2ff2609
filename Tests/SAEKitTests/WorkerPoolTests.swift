import Foundation
import Synchronization
import Testing
import SAEKit

@Suite struct WorkerPoolTests {
    /// A pool with more helpers than the machine has cores, so that claims really race (kept for the process).
    static let crowded = WorkerPool(helpers: 3)

    @Test func everyPartRunsExactlyOnceJobAfterJob() {
        for pool in [WorkerPool.shared, Self.crowded] {
            for job in 0..<5_000 {
                let parts = 2 + job % 7
                let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: parts)
                counts.initialize(repeating: 0)
                pool.run(parts: parts) { part in counts[part] += job + 1 }
                #expect(counts.allSatisfy { $0 == job + 1 }, "job \(job)")
                counts.deallocate()
            }
        }
    }

    @Test func smallJobsRunOnTheCaller() {
        var seen: [Int] = []
        WorkerPool.shared.run(parts: 1) { seen.append($0) }
        WorkerPool.shared.run(parts: 0) { seen.append($0) }
        WorkerPool(helpers: 0).run(parts: 3) { seen.append($0) }
        #expect(seen == [0, 0, 1, 2])
    }

    @Test func concurrentCallersEachGetTheirWholeJob() {
        let failures = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 4) { caller in
            for job in 0..<1_000 {
                let parts = 3 + (job + caller) % 5
                let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: parts)
                counts.initialize(repeating: 0)
                Self.crowded.run(parts: parts) { part in counts[part] += 1 }
                if !counts.allSatisfy({ $0 == 1 }) { failures.add(1, ordering: .relaxed) }
                counts.deallocate()
            }
        }
        #expect(failures.load(ordering: .relaxed) == 0)
    }
}
