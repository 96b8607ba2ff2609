import Foundation
import SAEKit
import Testing

/// `index build --shard i/N --out PART` in separate processes and `index merge` write the index one run writes.
@Suite struct IndexShardTests {
    @Test func fourShardsMergedEqualOneRun() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shards-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let subjects = ["rivers", "bread", "the moon", "engines", "music", "winter", "markets", "birds", "code", "letters"]
        let lines = (0..<120).map { n -> String in
            let text = (0..<6).map { k in "Note \(n)-\(k): people wrote about \(subjects[(n + k) % subjects.count]) and \(subjects[(n * 3 + k) % subjects.count]), \(n * 7 + k) times." }
                .joined(separator: " ")
            return String(decoding: try! JSONSerialization.data(withJSONObject: ["source": "doc\(n)", "text": text]), as: UTF8.self)
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: folder + "/text.jsonl", atomically: true, encoding: .utf8)
        let common = ["--dict", CLITests.fixture("families/llama3/dictionary"), "--model", CLITests.fixture("families/llama3/model.gguf")]
        let build = ["index", "build"] + common + ["--text", folder + "/text.jsonl", "--tokens", "10240"]
        let whole = try CLITests.run(build + ["--out", folder + "/whole.sqlite"])
        #expect(whole.status == 0, "\(whole.err)")
        for i in 0..<4 {
            let part = try CLITests.run(build + ["--shard", "\(i)/4", "--out", folder + "/part\(i).safetensors"])
            #expect(part.status == 0, "\(part.err)")
        }
        let parts = (0..<4).map { folder + "/part\($0).safetensors" }
        let merged = try CLITests.run(["index", "merge"] + [parts[2], parts[0], parts[3], parts[1]] + common + ["--out", folder + "/merged.sqlite"])
        #expect(merged.status == 0, "\(merged.err)")

        let one = try FeatureIndex(path: folder + "/whole.sqlite"), four = try FeatureIndex(path: folder + "/merged.sqlite")
        #expect(one.metadata.filter { $0.key != "built" } == four.metadata.filter { $0.key != "built" })
        let a = try one.allFeatures(), b = try four.allFeatures()
        #expect(a.count == 64 && a == b)
        #expect(a.contains { !$0.topExamples.isEmpty })

        // A missing shard, and parts of another text, are refused with one line.
        let missing = try CLITests.run(["index", "merge"] + Array(parts.prefix(3)) + common + ["--out", folder + "/x.sqlite"])
        #expect(missing.status == 2 && missing.err.contains("3/4"), "\(missing.err)")
        let overlap = try CLITests.run(["index", "merge", parts[0], parts[0], parts[1], parts[2]] + common + ["--out", folder + "/x.sqlite"])
        #expect(overlap.status == 2 && overlap.err.contains("overlap"), "\(overlap.err)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/x.sqlite"))
    }
}
