import Foundation
import Testing
import SAEKit

/// Training end to end on data with planted sparse features: it must find them, and resume exactly.
@Suite struct TrainingTests {
    /// Rows that are sparse non-negative combinations (3 of 48) of 48 random unit directions in 24 dimensions.
    static func plantedData(rows: Int, directory: String) throws -> Matrix {
        let truth = SyntheticDictionary.gaussianMatrix(rows: 48, cols: 24, seed: 99)
        for j in 0..<48 {
            let row = truth.row(j)
            let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for i in 0..<24 { row[i] /= norm }
        }
        var rng = SeededGenerator(seed: 7)
        let x = Matrix(rows: rows, cols: 24)
        for r in 0..<rows {
            for _ in 0..<3 {
                let j = Int(rng.next() % 48), c = 1 + 2 * rng.nextUnitFloat()
                for i in 0..<24 { x[r, i] += c * truth[j, i] }
            }
        }
        let half = rows / 2
        try ActivationShardSet.writeShard(Matrix(rows: half, cols: 24, values: Array(x.buffer.prefix(half * 24))), index: 0,
                                          directory: directory, metadata: ["hook_name": "blocks.1.hook_resid_post"])
        try ActivationShardSet.writeShard(Matrix(rows: rows - half, cols: 24, values: Array(x.buffer.dropFirst(half * 24))), index: 1,
                                          directory: directory, metadata: ["hook_name": "blocks.1.hook_resid_post"])
        return truth
    }

    static func config(tokens: Int) -> TrainingConfig {
        var config = TrainingConfig(dIn: 24, dSAE: 96, objective: .topK(k: 3, auxK: 12, auxCoefficient: 1.0 / 32), totalTokens: tokens)
        config.batchSize = 256
        config.learningRate = 3e-3
        config.deadAfterTokens = 4096
        config.checkpointEverySteps = 20
        config.seed = 3
        return config
    }

    /// A run of one dictionary over `data`, checkpointed at `checkpoint`.
    static func run(tokens: Int, data: ActivationShardSet, checkpoint: String) throws -> TrainingRun {
        let config = config(tokens: tokens)
        return try TrainingRun(batches: ShardBatches(data: data, seed: config.seed), dictionaries: [(config, checkpoint)])
    }

    @Test func recoversPlantedFeatures() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let truth = try Self.plantedData(rows: 8192, directory: directory)
        let data = try ActivationShardSet(directory: directory)
        #expect(data.rowCount == 8192)
        let run = try Self.run(tokens: 400 * 256, data: data, checkpoint: directory + "/checkpoint.safetensors")
        var last: TrainingProgress?
        try run.run { last = $0 }
        #expect(run.isFinished)
        let trainer = run.trainers[0]
        let dictionary = trainer.dictionary(hookName: "blocks.1.hook_resid_post", modelName: nil)
        let x = data.rows(Array(0..<1024))
        let codes = dictionary.encode(x)
        let metrics = ReconstructionMetrics(x: x, xHat: dictionary.decode(codes), codes: codes)
        #expect(metrics.fractionOfVarianceExplained > 0.9, "FVE \(metrics.fractionOfVarianceExplained)")
        #expect((last?.dictionaries[0].normalizedMSE ?? 1) < 0.15)
        // Most planted directions have a learned decoder row pointing the same way.
        let norms = dictionary.decoderNorms
        var recovered = 0
        for t in 0..<48 {
            var best: Float = 0
            for j in 0..<96 {
                var dot: Float = 0
                for i in 0..<24 { dot += truth[t, i] * dictionary.decoder[j, i] }
                best = max(best, dot / norms[j])
            }
            if best > 0.9 { recovered += 1 }
        }
        #expect(recovered >= 40, "recovered \(recovered) of 48")
    }

    @Test func resumesExactlyWhereItStopped() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try Self.plantedData(rows: 4096, directory: directory)
        let data = try ActivationShardSet(directory: directory)
        let straight = try Self.run(tokens: 60 * 256, data: data, checkpoint: directory + "/a.safetensors")
        try straight.run { _ in }
        var steps = 0
        let interrupted = try Self.run(tokens: 60 * 256, data: data, checkpoint: directory + "/b.safetensors")
        try interrupted.run(progress: { _ in steps += 1 }, shouldStop: { steps >= 25 })
        #expect(interrupted.step == 25)
        let resumed = try Self.run(tokens: 60 * 256, data: data, checkpoint: directory + "/b.safetensors")
        #expect(resumed.step == 25)
        try resumed.run { _ in }
        #expect(resumed.trainers[0].parameters.decoder.toArray() == straight.trainers[0].parameters.decoder.toArray())
        #expect(resumed.trainers[0].parameters.encoderBias.toArray() == straight.trainers[0].parameters.encoderBias.toArray())
        var other = Self.config(tokens: 60 * 256)
        other.seed = 4
        #expect { try TrainingRun(batches: ShardBatches(data: data, seed: 4), dictionaries: [(other, directory + "/b.safetensors")]) }
            throws: { "\($0)".contains("other settings") }
    }
}
