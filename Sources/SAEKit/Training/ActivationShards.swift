import Foundation

/// A folder of activation shards: `shard-00000.safetensors`, … each holding one float16 tensor `activations`
/// [rows, d_in]. Shards are written atomically, so every file present is complete.
public final class ActivationShardSet: @unchecked Sendable {
    /// The shard files, in order, opened (memory-mapped).
    public let shards: [SafetensorsFile]
    /// Input width shared by every shard.
    public let dIn: Int
    /// Rows in each shard and the global index of each shard's first row.
    private let rowStarts: [Int]
    private let tensors: [StoredTensor]

    /// The shard file name for index `index`.
    public static func fileName(_ index: Int) -> String { String(format: "shard-%05d.safetensors", index) }

    /// Opens every shard in `directory`; an empty folder or shards of different widths are errors.
    public init(directory: String) throws {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasPrefix("shard-") && $0.hasSuffix(".safetensors") }.sorted()
        guard !names.isEmpty else { throw InputError(directory, "holds no activation shards (shard-NNNNN.safetensors)") }
        var shards: [SafetensorsFile] = [], tensors: [StoredTensor] = [], starts = [0]
        var width: Int?
        for name in names {
            let file = try SafetensorsFile(path: directory + "/" + name)
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
    }

    /// Total rows over all shards.
    public var rowCount: Int { rowStarts.last! }

    /// The metadata of the first shard (hook point, model, context length).
    public var metadata: [String: String] { shards[0].metadata }

    /// Copies global row `index`, converted to float and multiplied by `scale`, into `destination`.
    public func copyRow(_ index: Int, scale: Float = 1, into destination: UnsafeMutablePointer<Float>) {
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

    /// Writes `activations` as shard `index` of `directory`, in float16, atomically.
    public static func writeShard(_ activations: Matrix, index: Int, directory: String, metadata: [String: String]) throws {
        var writer = SafetensorsWriter()
        writer.metadata = metadata
        writer.add("activations", shape: [activations.rows, activations.cols], values: activations.toArray(), type: .f16)
        try writer.write(to: directory + "/" + fileName(index))
    }
}
