import Foundation

/// Counts of finite values in equal bins over [low, high]; values outside go to the end bins.
public struct Bins: Equatable, Sendable {
    public var low: Float
    public var high: Float
    public var counts: [Int]

    /// `values` counted in `count` equal bins over [low, high] (values that are not finite left out, as a range that
    /// is not: a file's damaged statistics or weights must not stop the overview); a range of zero width puts every
    /// value in the first bin.
    public init(_ values: some Sequence<Float>, low: Float, high: Float, count: Int) {
        let (low, high) = low.isFinite && high.isFinite && high >= low ? (low, high) : (0, 0)
        self.low = low
        self.high = high
        var counts = [Int](repeating: 0, count: max(1, count))
        let width = (high - low) / Float(counts.count)
        for value in values where value.isFinite {
            let position = width > 0 ? ((value - low) / width).rounded(.down) : 0
            let bin = position.isFinite ? Int(max(-1, min(Float(counts.count), position))) : 0
            counts[min(counts.count - 1, max(0, bin))] += 1
        }
        self.counts = counts
    }

    /// How many values were counted.
    public var total: Int { counts.reduce(0, +) }
}

/// How a dictionary's features fire, in the figures a health check reads.
public struct FiringFigures: Equatable, Sendable {
    /// Features that never fired.
    public var dead: Int
    /// Features firing on more than `DictionaryHealth.denseThreshold` of tokens.
    public var dense: Int
    /// The sum of densities: the expected number of features firing on a token.
    public var meanL0: Double
    /// The live features' log10 densities.
    public var logDensity: Bins
    /// The features that fire most often, densest first (ten at most).
    public var densest: [Int]
}

/// Whole-dictionary figures for a quick check of a dictionary's health: how its features fire (dead, dense, L0, the
/// spread of log densities), its decoder norms, and its redundancy (each feature's highest decoder cosine to another).
public enum DictionaryHealth {
    /// Features firing on more than this fraction of tokens count as dense.
    public static let denseThreshold: Float = 0.1
    /// The log10-density histogram's range: 1 in 10^8 tokens up to every token.
    public static let logDensityRange: (low: Float, high: Float) = (-8, 0)

    /// The figures of a dictionary's firing statistics (`density`: the fraction of tokens each feature fires on),
    /// the live features' log10 densities in `bins` bins.
    public static func firing(density: [Float], bins: Int = 32) -> FiringFigures {
        let live = density.filter { $0 > 0 && $0.isFinite }
        var densest = TopKSelection(k: 10)
        for (feature, value) in density.enumerated() where value > 0 && value.isFinite { densest.offer(value, Int32(feature)) }
        return FiringFigures(dead: density.count - live.count, dense: live.filter { $0 > denseThreshold }.count,
                             meanL0: density.reduce(0.0) { $0 + Double($1) },
                             logDensity: Bins(live.lazy.map { log10($0) }, low: logDensityRange.low, high: logDensityRange.high, count: bins),
                             densest: densest.sorted().map { Int($0.index) })
    }

    /// The decoder norms in `bins` bins from the smallest to the largest.
    public static func decoderNorms(_ norms: [Float], bins: Int = 32) -> Bins {
        let finite = norms.filter(\.isFinite)
        return Bins(finite, low: finite.min() ?? 0, high: finite.max() ?? 0, count: bins)
    }

    /// Each feature's highest decoder cosine to any other feature of `dictionary`, by blocks of rows (each pair once:
    /// a block is multiplied only with the rows from its own first row on); `progress(done, total)` after each block
    /// says whether to go on, and nil comes back when it says no. A block's product is kept under 16M floats, so a
    /// dictionary of any size needs at most 64 MB beyond its decoder.
    public static func highestCosines(of dictionary: SparseDictionary,
                                      progress: (_ done: Int, _ total: Int) -> Bool = { _, _ in true }) -> [Float]? {
        let count = dictionary.featureCount, width = dictionary.dOut, decoder = dictionary.decoder
        let norms = dictionary.decoderNorms
        let inverse = norms.map { $0 > 0 ? 1 / $0 : 0 }
        var best = [Float](repeating: -1, count: count)
        guard count > 1 else { return count == 1 ? [0] : [] }
        let blockRows = max(1, min(512, (16 << 20) / count))
        var start = 0
        while start < count {
            let rows = min(blockRows, count - start), columns = count - start
            let block = Matrix(rows: rows, cols: width, borrowing: decoder.base + start * width, owner: decoder)
            let rest = Matrix(rows: columns, cols: width, borrowing: decoder.base + start * width, owner: decoder)
            let products = Matrix(rows: rows, cols: columns)
            BLAS.multiply(block, rest, transposeB: true, into: products)
            for r in 0..<rows {
                let i = start + r, row = products.base + r * columns
                for c in 0..<columns where c != r {
                    let j = start + c
                    let cosine = row[c] * inverse[i] * inverse[j]
                    if cosine > best[i] { best[i] = cosine }
                    if cosine > best[j] { best[j] = cosine }
                }
            }
            start += rows
            guard progress(start, count) else { return nil }
        }
        return best
    }

    /// The plain-loop twin of `highestCosines`: every pair in float64.
    package static func highestCosinesReference(of dictionary: SparseDictionary) -> [Float] {
        let count = dictionary.featureCount, d = dictionary.decoder
        func dot(_ i: Int, _ j: Int) -> Double { (0..<dictionary.dOut).reduce(0.0) { $0 + Double(d[i, $1]) * Double(d[j, $1]) } }
        let norms = (0..<count).map { dot($0, $0).squareRoot() }
        return (0..<count).map { i in
            guard count > 1 else { return 0 }
            return Float((0..<count).filter { $0 != i }.map { j in
                norms[i] * norms[j] > 0 ? dot(i, j) / (norms[i] * norms[j]) : 0
            }.max() ?? 0)
        }
    }
}
