import Foundation
import SAEKit
import Testing

/// `saescope index import neuronpedia:MODEL/SOURCE` against a stand-in for Neuronpedia's datasets bucket on loopback
/// (`Tests/bucket_standin.py`: S3's listing, paged, and ranged reads, a connection cut mid-file).
@Suite(.serialized) struct NeuronpediaFetchTests {
    @Test func downloadsAnExportOnceAndImportsIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bucket-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = "tiny-llama3/0-res-64"
        try FileManager.default.createDirectory(atPath: folder + "/bucket/v1/tiny-llama3", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLITests.fixture("neuronpedia_export/full"), toPath: folder + "/bucket/v1/" + source)
        try FileManager.default.copyItem(atPath: CLITests.fixture("families/llama3/dictionary"), toPath: folder + "/dictionary")
        let cut = "v1/\(source)/activations/batch-1.jsonl.gz"
        let standIn = try HubTests.StandIn(root: folder + "/bucket", options: ["--page", "3", "--cut", cut], script: "bucket_standin.py")
        defer { standIn.stop() }
        let environment = ["SAESCOPE_NEURONPEDIA_ENDPOINT": standIn.endpoint, "XDG_CACHE_HOME": folder + "/cache",
                           "XDG_DATA_HOME": folder + "/data"]
        let command = ["index", "import", "neuronpedia:" + source, "--dict", folder + "/dictionary",
                       "--model", CLITests.fixture("families/llama3/model.gguf")]
        let first = try CLITests.run(command, environment: environment)
        #expect(first.status == 0, "\(first.err)")
        #expect(first.out.contains("64 features") && first.out.contains("imported 22 explanations"), "\(first.out)")
        #expect(FileManager.default.fileExists(atPath: folder + "/dictionary/saescope-index.sqlite"))
        // Every file arrived whole (the cut one resumed with a Range request), and the listing was read page by page.
        let cached = folder + "/cache/saescope/neuronpedia/" + source
        for file in ["features/batch-0.jsonl.gz", "activations/batch-1.jsonl.gz", "explanations/batch-1.jsonl.gz"] {
            #expect(FileManager.default.contentsEqual(atPath: cached + "/" + file, andPath: folder + "/bucket/v1/\(source)/" + file), "\(file)")
        }
        #expect(standIn.requests.contains { $0.contains("/" + cut) && $0.contains("range=bytes=") }, "\(standIn.requests)")
        #expect(standIn.requests.contains { $0.contains("continuation-token=") })

        // Again: nothing is downloaded a second time.
        let before = standIn.requests.count
        let second = try CLITests.run(command, environment: environment)
        #expect(second.status == 0, "\(second.err)")
        #expect(standIn.requests.dropFirst(before).allSatisfy { $0.hasPrefix("GET /?list-type=2") }, "\(standIn.requests.dropFirst(before))")

        // The export's address in the bucket names the same files, already there.
        let byAddress = try CLITests.run(["index", "import", standIn.endpoint + "/v1/" + source + "/"] + Array(command.dropFirst(3)),
                                         environment: ["XDG_CACHE_HOME": folder + "/cache", "XDG_DATA_HOME": folder + "/data"])
        #expect(byAddress.status == 0 && byAddress.out.contains("64 features"), "\(byAddress.err)")

        let missing = try CLITests.run(["index", "import", "neuronpedia:tiny-llama3/none", "--dict", folder + "/dictionary",
                                        "--model", CLITests.fixture("families/llama3/model.gguf")], environment: environment)
        #expect(missing.status == 2 && missing.err.contains("has no export"), "\(missing.err)")
    }
}
