import Foundation

/// Saves and restores a training run's whole state (parameters, Adam moments, step, input scale, latent ages, where
/// the batch source stood) as one safetensors file, written atomically so a run killed mid-write keeps its previous checkpoint.
enum TrainingCheckpoint {
    /// The settings a checkpoint must share with the run resuming it (everything but the token budget).
    static func fingerprint(_ config: TrainingConfig) -> String {
        "d_in=\(config.dIn) d_sae=\(config.dSAE) objective=\(config.objective) batch=\(config.batchSize) "
            + "lr=\(config.learningRate) seed=\(config.seed)"
    }

    /// Writes the trainer's state to `path`.
    static func save(_ trainer: SAETrainer, to path: String) throws {
        var writer = SafetensorsWriter()
        writer.metadata = [
            "format": "saescope-training-checkpoint", "fingerprint": fingerprint(trainer.config),
            "step": String(trainer.step), "adam_step": String(trainer.optimizerState.stepCount),
            "input_scale": String(trainer.inputScale), "total_tokens": String(trainer.config.totalTokens),
            "source_position": String(trainer.sourcePosition),
        ]
        for (index, tensor) in trainer.parameters.tensors.enumerated() {
            let shape = [tensor.matrix.rows, tensor.matrix.cols]
            writer.add(tensor.name, shape: shape, values: tensor.matrix.toArray())
            writer.add("adam_m." + tensor.name, shape: shape, values: trainer.optimizerState.firstMoments[index].toArray())
            writer.add("adam_v." + tensor.name, shape: shape, values: trainer.optimizerState.secondMoments[index].toArray())
        }
        writer.add("tokens_since_fired", shape: [trainer.config.dSAE], values: trainer.firingAges.map { Float($0) })
        try writer.write(to: path)
    }

    /// Loads the checkpoint at `path` into `trainer`, refusing one written with other settings.
    static func restore(from path: String, into trainer: SAETrainer) throws {
        let file = try SafetensorsFile(path: path)
        let meta = file.metadata
        guard meta["format"] == "saescope-training-checkpoint" else { throw InputError(path, "is not a saescope training checkpoint") }
        let expected = fingerprint(trainer.config)
        guard meta["fingerprint"] == expected else {
            throw InputError(path, "was written for other settings (\(meta["fingerprint"] ?? "none")); this run has \(expected). Delete it to start over")
        }
        guard let step = meta["step"].flatMap({ Int($0) }), let adamStep = meta["adam_step"].flatMap({ Int($0) }),
              let scale = meta["input_scale"].flatMap({ Float($0) }) else {
            throw InputError(path, "has no step or input scale")
        }
        let parameters = SAEParameters(dIn: trainer.config.dIn, dSAE: trainer.config.dSAE)
        let optimizer = AdamOptimizer(shapes: parameters.tensors.map { ($0.matrix.rows, $0.matrix.cols) },
                                      beta1: trainer.config.adamBeta1, beta2: trainer.config.adamBeta2, epsilon: trainer.config.adamEpsilon)
        optimizer.stepCount = adamStep
        for (index, tensor) in parameters.tensors.enumerated() {
            for (name, destination) in [(tensor.name, tensor.matrix), ("adam_m." + tensor.name, optimizer.firstMoments[index]),
                                        ("adam_v." + tensor.name, optimizer.secondMoments[index])] {
                let stored = try file.tensor(name)
                guard stored.count == destination.count else { throw InputError(path, "tensor '\(name)' has the wrong size") }
                let values = stored.floats()
                values.withUnsafeBufferPointer { destination.base.update(from: $0.baseAddress!, count: values.count) }
            }
        }
        let ages = try file.tensor("tokens_since_fired").floats().map { Int($0) }
        guard ages.count == trainer.config.dSAE else { throw InputError(path, "tokens_since_fired has the wrong size") }
        let position = meta["source_position"].flatMap { Int($0) } ?? 0
        trainer.restore(parameters: parameters, optimizer: optimizer, step: step, inputScale: scale, tokensSinceFired: ages,
                        sourcePosition: position)
    }
}
