/// The RoPE scalings a GGUF can ask for, read the way llama.cpp reads them; any other kind is refused, never ignored.
enum RotaryScaling {
    /// The per-frequency divisors of `rope_freqs.weight` (Llama 3), or nil when the file has none.
    static func frequencyFactors(keys: GGUFHyperparameters, headDim: Int) throws -> [Float]? {
        guard let tensor = keys.file.tensorIfPresent("rope_freqs.weight") else { return nil }
        let pairs = try keys.int("rope.dimension_count", default: headDim) / 2
        guard tensor.type == .f32, tensor.dimensions == [pairs] else {
            throw InputError(keys.file.path, "tensor 'rope_freqs.weight' is \(tensor.type) \(tensor.dimensions), expected F32 [\(pairs)]")
        }
        let factors = Array(tensor.bytes.bindMemory(to: Float.self))
        guard factors.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw InputError(keys.file.path, "tensor 'rope_freqs.weight' holds a factor that is not a positive number")
        }
        return factors
    }

    /// 1 / `rope.scaling.factor` for linear scaling, 1 when there is none; YaRN and the others are refused.
    static func linearAngleScale(keys: GGUFHyperparameters) throws -> Float {
        let type = keys.file.metadata["\(keys.prefix).rope.scaling.type"]?.stringValue ?? "none"
        let factor = keys.float("rope.scaling.factor", default: 1)
        switch type {
        case "none": return 1
        case "linear":
            guard factor.isFinite, factor > 0 else { throw InputError(keys.file.path, "\(keys.prefix).rope.scaling.factor \(factor) is not a positive number") }
            return 1 / factor
        default:
            guard factor == 1 else {
                throw InputError(keys.file.path, "RoPE scaling '\(type)' (\(keys.prefix).rope.scaling.type) is not supported (saescope runs linear scaling and Llama 3's rope_freqs)")
            }
            return 1
        }
    }
}
