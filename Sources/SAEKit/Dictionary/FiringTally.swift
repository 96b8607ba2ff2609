/// How often and how strongly each feature fired over the codes of one pass, batch after batch: the density, maximum
/// and mean that `FeatureStatistics` carries.
public struct FiringTally: Sendable {
    private var count: [Int]
    private var sum: [Double]
    private var maximum: [Float]
    /// Rows tallied so far.
    public private(set) var rows = 0

    /// An empty tally over `featureCount` features.
    public init(featureCount: Int) {
        count = [Int](repeating: 0, count: featureCount)
        sum = [Double](repeating: 0, count: featureCount)
        maximum = [Float](repeating: 0, count: featureCount)
    }

    /// Counts every non-zero activation of `codes`.
    public mutating func add(_ codes: SparseCodes) {
        for (feature, value) in zip(codes.features, codes.values) where value != 0 {
            let j = Int(feature)
            count[j] += 1
            sum[j] += Double(value)
            maximum[j] = max(maximum[j], value)
        }
        rows += codes.rowCount
    }

    /// The statistics so far: density over the rows tallied, the largest activation, and the mean of the non-zero
    /// ones (0 for a feature that never fired), labelled with what they were measured on.
    public func statistics(source: String?) -> FeatureStatistics {
        let total = Float(max(rows, 1))
        return FeatureStatistics(density: count.map { Float($0) / total }, maxActivation: maximum,
                                 meanActivation: zip(sum, count).map { $1 > 0 ? Float($0 / Double($1)) : 0 }, source: source)
    }
}
