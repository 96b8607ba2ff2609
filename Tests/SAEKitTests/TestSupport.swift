import Foundation
import SAEKit

/// Paths of the committed fixtures and helpers shared by the engine tests.
enum Fixtures {
    /// The absolute path of `relative` inside the Fixtures folder.
    static func path(_ relative: String) -> String {
        Bundle.module.bundleURL.appendingPathComponent("Fixtures").appendingPathComponent(relative).path
    }

    /// A fresh temporary directory, removed by the caller when done.
    static func temporaryDirectory() -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("saescope-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }
}

/// The largest absolute difference between two matrices of the same shape, scaled by max(1, |reference|).
func maxRelativeDifference(_ a: Matrix, _ reference: Matrix) -> Float {
    precondition(a.rows == reference.rows && a.cols == reference.cols, "shapes differ: \(a.rows)x\(a.cols) vs \(reference.rows)x\(reference.cols)")
    var worst: Float = 0
    for i in 0..<a.count { worst = max(worst, abs(a.base[i] - reference.base[i]) / max(1, abs(reference.base[i]))) }
    return worst
}

extension Data {
    /// Writes the data to a new file in `directory` and returns its path.
    func written(in directory: String, name: String) throws -> String {
        let path = directory + "/" + name
        try write(to: URL(fileURLWithPath: path))
        return path
    }
}
