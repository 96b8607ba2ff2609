/// Feature activations for a batch of rows, stored sparsely: per row, the active features in descending activation.
public struct SparseCodes: Sendable {
    /// Number of rows.
    public let rowCount: Int
    /// Row r's entries are `features[rowStart[r]..<rowStart[r+1]]` (and the same range of `values`).
    public var rowStart: [Int]
    /// Feature ids, row after row.
    public var features: [Int32]
    /// Activations, matching `features`.
    public var values: [Float]
    /// Per-row input normalisation to undo on decode (scale and shift), when the dictionary normalises inputs.
    public var normalization: [RowNormalization]?

    /// Codes for `rowCount` rows from per-row lists of (feature, activation); each list is sorted here.
    public init(rows: [[(feature: Int32, value: Float)]], normalization: [RowNormalization]? = nil) {
        rowCount = rows.count
        rowStart = [0]
        features = []
        values = []
        for row in rows {
            for entry in row.sorted(by: Self.descending) {
                features.append(entry.feature)
                values.append(entry.value)
            }
            rowStart.append(features.count)
        }
        self.normalization = normalization
    }

    /// Order: larger activation first, then smaller feature id.
    static func descending(_ a: (feature: Int32, value: Float), _ b: (feature: Int32, value: Float)) -> Bool {
        a.value != b.value ? a.value > b.value : a.feature < b.feature
    }

    /// The active (feature, activation) pairs of row `r`, strongest first.
    public func row(_ r: Int) -> [(feature: Int, value: Float)] {
        (rowStart[r]..<rowStart[r + 1]).map { (Int(features[$0]), values[$0]) }
    }

    /// Mean number of active features per row (L0).
    public var meanL0: Double { rowCount == 0 ? 0 : Double(features.count) / Double(rowCount) }

    /// The codes as a dense [rows, dSAE] matrix.
    public func dense(featureCount: Int) -> Matrix {
        let result = Matrix(rows: rowCount, cols: featureCount)
        for r in 0..<rowCount {
            for i in rowStart[r]..<rowStart[r + 1] { result[r, Int(features[i])] = values[i] }
        }
        return result
    }
}

/// The per-row affine map a dictionary applies to its input: in, (x − shift)·inputScale; out, y·outputScale + shift.
public struct RowNormalization: Sendable, Equatable {
    /// Subtracted before scaling on the way in, added back on the way out.
    public var shift: Float
    /// Multiplies the shifted input.
    public var inputScale: Float
    /// Multiplies the decoded output before the shift is added back.
    public var outputScale: Float
}
