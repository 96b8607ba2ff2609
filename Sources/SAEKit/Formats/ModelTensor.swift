/// One tensor of a model in ggml's layout: its shape (`ne[0]` contiguous), block type and bytes (in a mapped GGUF or
/// safetensors file, or in memory a loader owns).
// @unchecked Sendable: a view of read-only bytes it keeps alive (`owner`).
public struct ModelTensor: @unchecked Sendable {
    /// The tensor's name, such as `blk.0.attn_q.weight`.
    public let name: String
    /// Dimensions, fastest-varying first (ggml's `ne`).
    public let dimensions: [Int]
    /// The block encoding.
    public let type: GGMLType
    /// The tensor's bytes.
    public let bytes: UnsafeRawBufferPointer
    /// What holds the bytes (a mapped file or an owned buffer), kept alive while the tensor is.
    public let owner: AnyObject

    /// Elements along the contiguous dimension (one "row" in ggml's sense).
    public var rowLength: Int { dimensions.first ?? 1 }
    /// Number of rows: the product of every dimension but the first.
    public var rowCount: Int { dimensions.dropFirst().reduce(1, *) }
    /// Bytes of one row.
    public var rowBytes: Int { rowLength / type.blockLength * type.blockBytes }

    /// Decodes row `row` into `destination` (`rowLength` floats).
    public func dequantizeRow(_ row: Int, into destination: UnsafeMutablePointer<Float>) {
        type.dequantize(bytes.baseAddress! + row * rowBytes, count: rowLength, into: destination)
    }

    /// Rows `range` of a two-dimensional tensor as a tensor of their own (a fused projection's parts).
    public func rows(_ range: Range<Int>, named part: String) -> ModelTensor {
        precondition(dimensions.count == 2 && range.lowerBound >= 0 && range.upperBound <= rowCount, "rows outside the tensor")
        let slice = UnsafeRawBufferPointer(rebasing: bytes[(range.lowerBound * rowBytes)..<(range.upperBound * rowBytes)])
        return ModelTensor(name: part, dimensions: [rowLength, range.count], type: type, bytes: slice, owner: owner)
    }

    /// The whole tensor as a float matrix of [rowCount, rowLength].
    public func dequantized() -> Matrix {
        let result = Matrix(rows: rowCount, cols: rowLength)
        for row in 0..<rowCount { dequantizeRow(row, into: result.base + row * rowLength) }
        return result
    }
}
