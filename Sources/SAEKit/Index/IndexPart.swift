import Foundation

/// One shard's share of an index build (`index build --shard i/N --out PART`): the contexts it ran, their numbers in
/// the whole text, and one dictionary's codes at every stored position, exactly (float32), in a safetensors file with
/// the build's facts in its metadata. `index merge` puts the parts back into the run one process would have made and
/// writes the index from it, so the index is the one a single run writes.
public enum IndexPart {
    /// The metadata value that marks a part file.
    public static let marker = "saescope-index-part"

    /// What a part holds.
    public struct Contents {
        /// The build's facts (dictionary id, hook, model, text, token budget, shard, contexts in the whole text).
        public var metadata: [String: String]
        /// The shard's contexts, their numbers in the whole text, and their codes.
        public var numbers: [Int], contexts: [[Int]], codes: SparseCodes
        /// The shard (index, count) and the whole text's contexts.
        public var shard: (index: Int, count: Int), totalContexts: Int, skippedPositions: Int
    }

    /// Writes the part of `held` (one dictionary, `which`) with `metadata` to `path`.
    public static func write(_ held: HeldOutActivations, which: Int, shard: (index: Int, count: Int), metadata: [String: String],
                             to path: String) throws {
        let codes = held.codes[which]
        var writer = SafetensorsWriter()
        writer.metadata = metadata.merging(["format": marker, "shard": "\(shard.index)/\(shard.count)",
                                            "total_contexts": String(held.totalContexts),
                                            "skipped_positions": String(held.skippedPositions)]) { $1 }
        let length = held.contexts.first?.count ?? 0
        writer.add("context_numbers", shape: [held.contextNumbers.count], integers: held.contextNumbers.map { Int32($0) })
        writer.add("tokens", shape: [held.contexts.count, length], integers: held.contexts.flatMap { $0.map { Int32($0) } })
        writer.add("row_counts", shape: [codes.rowCount], integers: (0..<codes.rowCount).map { Int32(codes.rowStart[$0 + 1] - codes.rowStart[$0]) })
        writer.add("features", shape: [codes.features.count], integers: codes.features)
        writer.add("values", shape: [codes.values.count], values: codes.values)
        try writer.write(to: path)
    }

    /// Reads the part at `path`, checking its tensors fit together.
    public static func read(_ path: String) throws -> Contents {
        let file = try SafetensorsFile(path: path)
        let meta = file.metadata
        guard meta["format"] == marker else { throw InputError(path, "is not a part of an index build (index build --shard i/N --out PART)") }
        let shardFields = (meta["shard"] ?? "").split(separator: "/").compactMap { Int($0) }
        guard shardFields.count == 2, shardFields[1] >= 1, (0..<shardFields[1]).contains(shardFields[0]),
              let total = meta["total_contexts"].flatMap(Int.init), total > 0,
              let skipped = meta["skipped_positions"].flatMap(Int.init), skipped >= 0 else {
            throw InputError(path, "has no valid shard, total_contexts or skipped_positions in its metadata")
        }
        func integers(_ name: String, _ shape: [Int]?) throws -> [Int32] {
            let tensor = try file.tensor(name)
            guard tensor.type == .i32, shape.map({ tensor.shape == $0 }) ?? (tensor.shape.count == 1) else {
                throw InputError(path, "tensor '\(name)' is \(tensor.type.rawValue) \(tensor.shape), not the I32 a part holds")
            }
            return tensor.bytes.withMemoryRebound(to: UInt8.self) { bytes in
                (0..<tensor.count).map { i in Int32(littleEndian: UnsafeRawPointer(bytes.baseAddress! + 4 * i).loadUnaligned(as: Int32.self)) }
            }
        }
        let numbers = try integers("context_numbers", nil).map(Int.init)
        let tokenTensor = try file.tensor("tokens")
        guard tokenTensor.shape.count == 2, tokenTensor.shape[0] == numbers.count, tokenTensor.shape[1] > skipped else {
            throw InputError(path, "tensor 'tokens' is \(tokenTensor.shape), not [\(numbers.count), context length]")
        }
        let length = tokenTensor.shape[1]
        let tokens = try integers("tokens", [numbers.count, length]).map(Int.init)
        let counts = try integers("row_counts", [numbers.count * (length - skipped)])
        let features = try integers("features", nil)
        let values = try file.tensor("values")
        guard values.type == .f32, values.shape == [features.count], counts.allSatisfy({ $0 >= 0 }),
              counts.reduce(0, { $0 + Int($1) }) == features.count else {
            throw InputError(path, "its codes do not fit together (row_counts, features and values)")
        }
        let valueArray = values.floats()
        var rows: [[(feature: Int32, value: Float)]] = []
        rows.reserveCapacity(counts.count)
        var at = 0
        for count in counts {
            rows.append((at..<(at + Int(count))).map { (features[$0], valueArray[$0]) })
            at += Int(count)
        }
        let contexts = (0..<numbers.count).map { Array(tokens[($0 * length)..<(($0 + 1) * length)]) }
        return Contents(metadata: meta, numbers: numbers, contexts: contexts, codes: SparseCodes(rows: rows),
                        shard: (shardFields[0], shardFields[1]), totalContexts: total, skippedPositions: skipped)
    }
}
