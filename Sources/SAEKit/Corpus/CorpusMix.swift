/// Documents of several corpora put into one seeded order, each corpus weighted: a weight of 3 repeats each of its
/// documents three times, 0.5 keeps each with even odds. Contexts cut from the start of the order hold every corpus
/// in proportion to its weighted size.
public enum CorpusMix {
    /// The weighted documents of `corpora`, shuffled by a fixed seed (with one corpus of weight 1, the order a
    /// harvest uses).
    public static func documents(_ corpora: [(documents: [CorpusFile.Document], weight: Double)]) -> [CorpusFile.Document] {
        var coin = SeededGenerator(seed: 0xC0FFEE)
        var all: [CorpusFile.Document] = []
        for corpus in corpora {
            let whole = Int(corpus.weight.rounded(.down)), fraction = corpus.weight - Double(whole)
            for document in corpus.documents {
                let extra = fraction > 0 && Double(coin.nextUnitFloat()) < fraction ? 1 : 0
                all += repeatElement(document, count: whole + extra)
            }
        }
        var generator = SeededGenerator(seed: 0)
        return all.shuffled(using: &generator)
    }
}
