import Foundation
import Testing
import SAEKit

/// The activation harvest on a tiny synthetic model: shards of the hook point's residual stream, resumable,
/// refusing to mix document orders.
@Suite struct HarvestTests {
    static func harvester(tokens: Int, contextsPerPass: Int = 4) throws -> ActivationHarvester {
        let model = try LanguageModel(path: try SyntheticModel.write())
        let documents = (0..<40).map { CorpusFile.Document(source: "s\($0 % 3)", text: "the cat is on the mat number \($0). this is the end.") }
        var settings = ActivationHarvester.Settings(hook: HookPoint(layer: 0, kind: .residPost), tokenLimit: tokens)
        settings.contextLength = 16
        settings.contextsPerShard = 4
        settings.contextsPerPass = contextsPerPass
        return try ActivationHarvester(model: model, documents: documents, settings: settings)
    }

    /// Contexts run together in one pass store what each stores run alone, in the same rows (three to a pass, so
    /// that passes straddle the four-context shards and the last pass of a shard is short).
    @Test func contextsRunTogetherStoreWhatEachStoresAlone() throws {
        var sets: [ActivationShardSet] = []
        for perPass in [1, 3] {
            let directory = Fixtures.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try Self.harvester(tokens: 15 * 10, contextsPerPass: perPass).run(directory: directory, metadata: [:], progress: { _ in })
            sets.append(try ActivationShardSet(directory: directory))
        }
        #expect(sets[0].rowCount == 150 && sets[1].rowCount == 150)
        let rows = Array(0..<150)
        let (alone, together) = (sets[0].rows(rows).toArray(), sets[1].rows(rows).toArray())
        #expect(alone.contains { $0 != 0 })
        // Stored as float16: allow a rounding step of either.
        #expect(zip(alone, together).allSatisfy { abs($0 - $1) <= 2e-3 * max(1, abs($0)) })
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

/// Values beyond float16's range (Gemma's massive activations) are stored in float32, and rows that hold no finite
/// value are left out of training instead of turning it into NaN.
@Suite struct ActivationShardRangeTests {
    @Test func largeValuesGoToFloat32AndNonFiniteRowsAreLeftOut() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let large = Matrix(rows: 2, cols: 4)
        for i in 0..<8 { large.base[i] = Float(i) }
        large.base[5] = 70_000
        try ActivationShardSet.writeShard(large, index: 0, directory: directory, metadata: [:])
        #expect(try SafetensorsFile(path: directory + "/" + ActivationShardSet.fileName(0)).tensor("activations").type == .f32)
        var writer = SafetensorsWriter()
        writer.add("activations", shape: [3, 4], values: [1, 2, 3, 4, 5, .infinity, 7, 8, 9, 10, 11, 12], type: .f16)
        try writer.write(to: directory + "/" + ActivationShardSet.fileName(1))
        let set = try ActivationShardSet(directory: directory)
        #expect(set.skippedRowCount == 1 && set.rowCount == 4)
        #expect(set.rows([0, 1, 2, 3]).toArray() == [0, 1, 2, 3, 4, 70_000, 6, 7, 1, 2, 3, 4, 9, 10, 11, 12])
    }
}

/// Harvests of several corpora at one hook point train together: their shards are read one folder after another.
@Suite struct ActivationShardFoldersTests {
    static func shard(_ values: [Float], in directory: String, hook: String) throws {
        let rows = Matrix(rows: values.count / 2, cols: 2)
        for (i, v) in values.enumerated() { rows.base[i] = v }
        try ActivationShardSet.writeShard(rows, index: 0, directory: directory, metadata: ["hook_name": hook])
    }

    @Test func foldersAreReadInTurnAndMustShareAHookPoint() throws {
        let first = Fixtures.temporaryDirectory(), second = Fixtures.temporaryDirectory()
        let other = Fixtures.temporaryDirectory(), empty = Fixtures.temporaryDirectory()
        defer { for folder in [first, second, other, empty] { try? FileManager.default.removeItem(atPath: folder) } }
        try Self.shard([1, 2, 3, 4], in: first, hook: "blocks.3.hook_resid_post")
        try Self.shard([5, 6], in: second, hook: "blocks.3.hook_resid_post")
        try Self.shard([7, 8], in: other, hook: "blocks.4.hook_resid_post")
        let both = try ActivationShardSet(directories: [first, second])
        #expect(both.rowCount == 3)
        #expect(both.rows([2, 0]).toArray() == [5, 6, 1, 2])
        #expect { try ActivationShardSet(directories: [first, other]) } throws: { "\($0)".contains("blocks.4.hook_resid_post") }
        #expect { try ActivationShardSet(directories: [first, empty]) } throws: { "\($0)".contains("holds no activation shards") }
    }
}
