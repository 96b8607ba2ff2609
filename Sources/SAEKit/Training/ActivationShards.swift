import Foundation

/// A folder of activation shards: `shard-00000.safetensors`, … each holding one tensor `activations` [rows, d_in],
/// float16 unless a value is beyond its range (Gemma's residual stream has one dimension near 10⁴ that now and then
/// passes 65,504), then float32. Shards are written atomically, so every file present is complete. A row holding a
/// value that is not finite (a float16 shard harvested before float32 shards existed) is left out.
// @unchecked Sendable: read-only mapped shards and row tables built in init.
public final class ActivationShardSet: @unchecked Sendable {
    /// The shard files, in order, opened (memory-mapped).
    public let shards: [SafetensorsFile]
    /// Input width shared by every shard.
    public let dIn: Int
    /// Rows in each shard and the global index of each shard's first row.
    private let rowStarts: [Int]
    private let tensors: [StoredTensor]
    /// The stored row behind each usable row, when some rows are left out.
    private let usableRows: [Int]?
    /// Rows left out because they hold a value that is not finite.
    public let skippedRowCount: Int

    /// The shard file name for index `index`.
    public static func fileName(_ index: Int) -> String { String(format: "shard-%05d.safetensors", index) }

    /// Opens every shard in `directory`; an empty folder or shards of different widths are errors.
    public convenience init(directory: String) throws {
        try self.init(directories: [directory])
    }

    /// Opens every shard of each of `directories`, one folder after another (harvests of different corpora at one
    /// hook point); an empty folder, shards of different widths or folders of different hook points are errors.
    public init(directories: [String]) throws {
        var paths: [String] = []
        for directory in directories {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
                .filter { $0.hasPrefix("shard-") && $0.hasSuffix(".safetensors") }.sorted()
            guard !names.isEmpty else { throw InputError(directory, "holds no activation shards (shard-NNNNN.safetensors)") }
            paths += names.map { directory + "/" + $0 }
        }
        var shards: [SafetensorsFile] = [], tensors: [StoredTensor] = [], starts = [0]
        var width: Int?
        for path in paths {
            let file = try SafetensorsFile(path: path)
            if let first = shards.first, first.metadata["hook_name"] != file.metadata["hook_name"] {
                throw InputError(file.path, "was harvested at \(file.metadata["hook_name"] ?? "no hook point") but \(first.path) at \(first.metadata["hook_name"] ?? "none")")
            }
            let tensor = try file.tensor("activations")
            guard tensor.shape.count == 2, tensor.type == .f16 || tensor.type == .f32 else {
                throw InputError(file.path, "'activations' must be a float16 or float32 matrix, found \(tensor.type.rawValue) \(tensor.shape)")
            }
            if let width, width != tensor.shape[1] {
                throw InputError(file.path, "has width \(tensor.shape[1]) but earlier shards have \(width)")
            }
            width = tensor.shape[1]
            shards.append(file)
            tensors.append(tensor)
            starts.append(starts.last! + tensor.shape[0])
        }
        self.shards = shards
        self.tensors = tensors
        rowStarts = starts
        dIn = width!
        var skipped: [Int] = []
        for (shard, tensor) in tensors.enumerated() {
            skipped += Self.nonFiniteRows(tensor, width: width!).map { $0 + starts[shard] }
        }
        skippedRowCount = skipped.count
        if skipped.isEmpty {
            usableRows = nil
        } else {
            let left = Set(skipped)
            usableRows = (0..<starts.last!).filter { !left.contains($0) }
        }
    }

    /// The rows of `tensor` holding an infinity or NaN.
    private static func nonFiniteRows(_ tensor: StoredTensor, width: Int) -> [Int] {
        let base = tensor.bytes.baseAddress!
        return (0..<tensor.shape[0]).filter { row in
            if tensor.type == .f16 {
                let values = (base + row * width * 2).assumingMemoryBound(to: UInt16.self)
                return (0..<width).contains { UInt16(littleEndian: values[$0]) & 0x7C00 == 0x7C00 }
            }
            let values = (base + row * width * 4).assumingMemoryBound(to: UInt32.self)
            return (0..<width).contains { !Float(bitPattern: UInt32(littleEndian: values[$0])).isFinite }
        }
    }

    /// Usable rows over all shards.
    public var rowCount: Int { usableRows?.count ?? rowStarts.last! }

    /// The metadata of the first shard (hook point, model, context length).
    public var metadata: [String: String] { shards[0].metadata }

    /// Copies usable row `index`, converted to float and multiplied by `scale`, into `destination`.
    public func copyRow(_ usable: Int, scale: Float = 1, into destination: UnsafeMutablePointer<Float>) {
        let index = usableRows?[usable] ?? usable
        var shard = 0
        var low = 0, high = tensors.count - 1
        while low <= high {
            let mid = (low + high) / 2
            if rowStarts[mid] <= index { shard = mid; low = mid + 1 } else { high = mid - 1 }
        }
        let tensor = tensors[shard]
        let local = index - rowStarts[shard]
        let source = tensor.bytes.baseAddress! + local * dIn * tensor.type.size
        tensor.type.convert(source, count: dIn, into: destination)
        if scale != 1 { for i in 0..<dIn { destination[i] *= scale } }
    }

    /// The rows `indices` as a matrix, each multiplied by `scale`.
    public func rows(_ indices: [Int], scale: Float = 1) -> Matrix {
        let result = Matrix(rows: indices.count, cols: dIn)
        Parallel.forEach(indices.count) { r in copyRow(indices[r], scale: scale, into: result.base + r * dIn) }
        return result
    }

    /// Writes `activations` as shard `index` of `directory`, atomically: in float16 when every value fits its range,
    /// else in float32.
    public static func writeShard(_ activations: Matrix, index: Int, directory: String, metadata: [String: String]) throws {
        var writer = SafetensorsWriter()
        writer.metadata = metadata
        let values = activations.toArray()
        let fitsHalf = values.allSatisfy { abs($0) <= Float(Float16.greatestFiniteMagnitude) }
        writer.add("activations", shape: [activations.rows, activations.cols], values: values, type: fitsHalf ? .f16 : .f32)
        try writer.write(to: directory + "/" + fileName(index))
    }
}
