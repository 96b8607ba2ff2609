import Foundation
import Testing

/// Frames recorded as text files in `Snapshots/`, reviewed by eye when they change: `SAESCOPE_RECORD_SNAPSHOTS=1`
/// writes the frames a run draws over the recorded ones (then `git diff` shows what moved).
enum Snapshot {
    /// The folder of the recorded frames, beside this file.
    private static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    /// Expects `text` to be the frame recorded as `name`, or records it.
    static func check(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let file = folder.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["SAESCOPE_RECORD_SNAPSHOTS"] == "1" {
            #expect(throws: Never.self, sourceLocation: sourceLocation) { try Data((text + "\n").utf8).write(to: file) }
            return
        }
        guard let recorded = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("no recorded frame \(name).txt (SAESCOPE_RECORD_SNAPSHOTS=1 records it)", sourceLocation: sourceLocation)
            return
        }
        let expected = String(recorded.dropLast(recorded.hasSuffix("\n") ? 1 : 0))
        guard text != expected else { return }
        Issue.record("frame \(name) differs (- recorded, + drawn):\n\(difference(expected, text))", sourceLocation: sourceLocation)
    }

    /// The lines of the two frames that differ, numbered.
    private static func difference(_ expected: String, _ actual: String) -> String {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var lines: [String] = []
        for row in 0..<max(a.count, b.count) {
            let x = row < a.count ? String(a[row]) : "", y = row < b.count ? String(b[row]) : ""
            if x != y { lines += ["\(row)- " + x, "\(row)+ " + y] }
        }
        return lines.prefix(40).joined(separator: "\n")
    }
}
