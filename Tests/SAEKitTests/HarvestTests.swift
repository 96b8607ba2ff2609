import Foundation
import Testing
import SAEKit

/// The activation harvest on a tiny synthetic model: shards of the hook point's residual stream, resumable,
/// refusing to mix document orders.
@Suite struct HarvestTests {
    static func harvester(tokens: Int) throws -> ActivationHarvester {
        let model = try LanguageModel(path: try SyntheticModel.write())
        let documents = (0..<40).map { CorpusFile.Document(source: "s\($0 % 3)", text: "the cat is on the mat number \($0). this is the end.") }
        var settings = ActivationHarvester.Settings(hook: HookPoint(layer: 0, kind: .residPost), tokenLimit: tokens)
        settings.contextLength = 16
        settings.contextsPerShard = 4
        return try ActivationHarvester(model: model, documents: documents, settings: settings)
    }

    @Test func writesResumableShardsOfTheHookPoint() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let harvester = try Self.harvester(tokens: 15 * 10)
        #expect(harvester.storedTokenCount == 150)
        #expect(harvester.shardCount == 3)
        var calls = 0
        try harvester.run(directory: directory, metadata: [:], progress: { _ in calls += 1 }, shouldStop: { calls >= 1 })
        #expect(calls == 1)
        let partial = try ActivationShardSet(directory: directory)
        #expect(partial.shards.count == 1)
        #expect(partial.metadata["document_order"] == ActivationHarvester.documentOrder)
        #expect(partial.metadata["hook_name"] == "blocks.0.hook_resid_post")
        try harvester.run(directory: directory, metadata: [:], progress: { _ in calls += 1 })
        #expect(calls == 3)
        let complete = try ActivationShardSet(directory: directory)
        #expect(complete.rowCount == 150)
        #expect(complete.dIn == SyntheticModel.modelDim)
    }

    @Test func refusesShardsOfAnotherOrder() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try ActivationShardSet.writeShard(Matrix(rows: 2, cols: SyntheticModel.modelDim), index: 0, directory: directory, metadata: [:])
        #expect { try Self.harvester(tokens: 60).run(directory: directory, metadata: [:], progress: { _ in }) } throws: {
            "\($0)".contains("another document order")
        }
    }
}
