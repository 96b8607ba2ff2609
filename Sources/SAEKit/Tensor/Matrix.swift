/// A dense row-major float32 matrix whose storage is either owned or borrowed from a mapped file.
///
/// It is a reference type: copies share storage, which is what views into a mapped file need.
// @unchecked Sendable: a buffer; concurrent code writes disjoint rows inside loops that join before anyone reads it.
public final class Matrix: @unchecked Sendable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns (the contiguous dimension).
    public let cols: Int
    /// The first element; `rows * cols` elements follow.
    public let base: UnsafeMutablePointer<Float>
    private let owner: AnyObject?
    private let ownsMemory: Bool

    /// A new zero-filled matrix.
    public init(rows: Int, cols: Int) {
        precondition(rows >= 0 && cols >= 0)
        self.rows = rows
        self.cols = cols
        let count = max(rows * cols, 1)
        base = UnsafeMutablePointer<Float>.allocate(capacity: count)
        base.initialize(repeating: 0, count: count)
        owner = nil
        ownsMemory = true
    }

    /// A new matrix holding `values` in row-major order.
    public convenience init(rows: Int, cols: Int, values: [Float]) {
        precondition(values.count == rows * cols, "values do not fill \(rows)x\(cols)")
        self.init(rows: rows, cols: cols)
        values.withUnsafeBufferPointer { base.update(from: $0.baseAddress!, count: values.count) }
    }

    /// A view of memory kept alive by `owner` (for example a `MappedFile`); nothing is copied.
    public init(rows: Int, cols: Int, borrowing pointer: UnsafeMutablePointer<Float>, owner: AnyObject) {
        self.rows = rows
        self.cols = cols
        base = pointer
        self.owner = owner
        ownsMemory = false
    }

    deinit {
        if ownsMemory { base.deallocate() }
    }

    /// Number of elements.
    public var count: Int { rows * cols }

    /// Element access by row and column.
    public subscript(row: Int, col: Int) -> Float {
        get { base[row * cols + col] }
        set { base[row * cols + col] = newValue }
    }

    /// One row as a mutable buffer.
    public func row(_ index: Int) -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: base + index * cols, count: cols)
    }

    /// All elements as a buffer.
    public var buffer: UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: base, count: count)
    }

    /// The elements copied into an array, row-major.
    public func toArray() -> [Float] { Array(buffer) }

    /// A copy with its own storage.
    public func copy() -> Matrix {
        let result = Matrix(rows: rows, cols: cols)
        result.base.update(from: base, count: count)
        return result
    }

    /// The rows at `indices`, in that order, as a new matrix.
    public func selecting(rows indices: [Int]) -> Matrix {
        let result = Matrix(rows: indices.count, cols: cols)
        for (i, r) in indices.enumerated() { (result.base + i * cols).update(from: base + r * cols, count: cols) }
        return result
    }

    /// The transpose, as a new matrix.
    public func transposed() -> Matrix {
        let result = Matrix(rows: cols, cols: rows)
        for r in 0..<rows {
            for c in 0..<cols { result.base[c * rows + r] = base[r * cols + c] }
        }
        return result
    }
}
