import Foundation

/// Reading and writing whole `.npy` files as float matrices.
public enum NPYFile {
    /// Reads a 1-D or 2-D numeric `.npy` file as a float matrix (a vector becomes one row).
    public static func readMatrix(_ path: String) throws -> Matrix {
        let file = try MappedFile(path: path)
        let tensor = try NPYArray(bytes: file.bytes, owner: file, source: path).tensor
        guard tensor.shape.count == 1 || tensor.shape.count == 2 else {
            throw InputError(path, "has shape \(tensor.shape); expected a matrix [n, d_in]")
        }
        return tensor.matrix()
    }

    /// Writes `matrix` as a float32 `.npy` file [rows, cols], atomically.
    public static func write(_ matrix: Matrix, to path: String) throws {
        let data = NPYArray.float32File(shape: [matrix.rows, matrix.cols], values: UnsafeBufferPointer(matrix.buffer))
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw InputError(path, "cannot write: \(error.localizedDescription)")
        }
    }
}
