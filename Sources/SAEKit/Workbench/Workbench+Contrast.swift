/// Contrastive search: what fires on one text and not on another.
extension Workbench {
    /// One feature's firing on the two texts, relative to its recorded maximum (raw without one).
    public struct Contrast: Sendable, Equatable {
        public var feature: Int
        /// The ranking's score: `peak − peakThan` or `mean − meanThan`, by the measure asked for.
        public var score: Float
        public var peak: Float
        public var peakThan: Float
        public var mean: Float
        public var meanThan: Float
    }

    /// The features that fire on `text` more than on `than`, most contrasting first (`FiringRanking.firingMore` by
    /// `measure`), each text read as `activations(of:)` reads it and its first token (the attention sink) left out,
    /// as the explorer's Ctrl-K then Ctrl-F or Ctrl-G leave it out.
    public func contrast(_ text: String, than: String, by measure: FiringRanking.Measure) throws -> [Contrast] {
        func tokens(of text: String, argument: String) throws -> [EncodedToken] {
            guard !text.isEmpty else { throw InputError(argument, "is empty") }
            return Array(try encode(text).tokens.dropFirst())
        }
        let first = try tokens(of: text, argument: "--text"), second = try tokens(of: than, argument: "--than")
        let maxima = try maxActivation()
        let peaks = FiringRanking.peaks(on: first, maxActivation: maxima), peaksThan = FiringRanking.peaks(on: second, maxActivation: maxima)
        let means = FiringRanking.means(on: first, maxActivation: maxima), meansThan = FiringRanking.means(on: second, maxActivation: maxima)
        return FiringRanking.firingMore(on: first, than: second, maxActivation: maxima, by: measure).map { feature in
            let peak = peaks[feature] ?? 0, peakThan = peaksThan[feature] ?? 0, mean = means[feature] ?? 0, meanThan = meansThan[feature] ?? 0
            return Contrast(feature: feature, score: measure == .peak ? peak - peakThan : mean - meanThan, peak: peak,
                            peakThan: peakThan, mean: mean, meanThan: meanThan)
        }
    }
}
