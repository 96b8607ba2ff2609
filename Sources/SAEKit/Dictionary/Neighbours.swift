/// A feature and how close its decoder direction is to another's.
public struct Neighbour: Equatable, Sendable {
    /// The neighbouring feature's id.
    public let feature: Int
    /// Cosine similarity of the two decoder rows.
    public let cosine: Float
}

/// Nearest features by decoder cosine: within one dictionary, or against a second whose decoder writes the same
/// width (the view of feature splitting across dictionary sizes).
public enum Neighbours {
    /// The `top` features of `candidates` (default: the same dictionary, excluding `feature` itself) whose decoder
    /// rows have the highest cosine with `feature`'s row in `dictionary`.
    public static func nearest(to feature: Int, in dictionary: SparseDictionary, among candidates: SparseDictionary? = nil,
                               top: Int) throws -> [Neighbour] {
        let others = candidates ?? dictionary
        guard (0..<dictionary.featureCount).contains(feature) else {
            throw InputError("FEATURE", "feature \(feature) does not exist (ids run from 0 to \(dictionary.featureCount - 1))")
        }
        guard others.dOut == dictionary.dOut else {
            throw InputError("--against", "its decoder width \(others.dOut) does not match the dictionary's \(dictionary.dOut)")
        }
        let queryNorm = dictionary.decoderNorms[feature]
        let norms = others.decoderNorms
        var scores = [Float](repeating: 0, count: others.featureCount)
        scores.withUnsafeMutableBufferPointer { out in
            BLAS.multiply(others.decoder, vector: dictionary.decoder.base + feature * dictionary.dOut, into: out.baseAddress!)
        }
        var selection = TopKSelection(k: top)
        let excluded = candidates == nil ? feature : -1
        for j in 0..<scores.count where j != excluded {
            let denominator = norms[j] * queryNorm
            selection.offer(denominator > 0 ? scores[j] / denominator : 0, Int32(j))
        }
        return selection.sorted().map { Neighbour(feature: Int($0.index), cosine: $0.value) }
    }

    /// The plain-loop twin of `nearest`: every cosine in float64, fully sorted.
    package static func nearestReference(to feature: Int, in dictionary: SparseDictionary, among candidates: SparseDictionary? = nil,
                                        top: Int) -> [Neighbour] {
        let others = candidates ?? dictionary
        let width = dictionary.dOut
        func dot(_ a: Matrix, _ i: Int, _ b: Matrix, _ j: Int) -> Double {
            (0..<width).reduce(0.0) { $0 + Double(a[i, $1]) * Double(b[j, $1]) }
        }
        let queryNorm = dot(dictionary.decoder, feature, dictionary.decoder, feature).squareRoot()
        var all: [Neighbour] = []
        for j in 0..<others.featureCount where candidates != nil || j != feature {
            let norm = dot(others.decoder, j, others.decoder, j).squareRoot()
            let cosine = norm * queryNorm > 0 ? dot(dictionary.decoder, feature, others.decoder, j) / (norm * queryNorm) : 0
            all.append(Neighbour(feature: j, cosine: Float(cosine)))
        }
        all.sort { $0.cosine != $1.cosine ? $0.cosine > $1.cosine : $0.feature < $1.feature }
        return Array(all.prefix(top))
    }
}
