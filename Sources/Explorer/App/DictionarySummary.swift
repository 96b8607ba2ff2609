import SAEKit

/// What the explorer shows of an open dictionary: its identity, sizes and per-feature numbers.
package struct DictionarySummary: Equatable, Sendable {
    /// A short name (the file or folder name).
    package var name: String
    /// The hook point, e.g. `blocks.3.hook_resid_post`, when the dictionary names it; for a transcoder, where it reads
    /// and where it writes (`blocks.5.ln2.hook_normalized → blocks.5.hook_mlp_out`).
    package var hookName: String?
    package var architecture: String
    package var dIn: Int
    package var featureCount: Int
    /// Fraction of tokens on which each feature fires, when the file carries it.
    package var density: [Float]?
    /// Each feature's largest activation, when the file carries it.
    package var maxActivation: [Float]?
    /// Each feature's mean activation when active, when the file carries it.
    package var meanActivation: [Float]?
    /// Each feature's label, when the dictionary has a feature index.
    package var labels: [String]?
    /// Each feature's top tokens (separated by spaces), when the dictionary has a feature index.
    package var topTokens: [String]?
    /// Explanations imported from elsewhere (`saescope labels import`), by feature, with their source.
    package var importedLabels: [Int: ImportedLabel]?
    /// The model the dictionary was trained on, when its config names it.
    package var trainedOn: String?
    /// The model running at its hook point for the heatmap and steering; nil without one.
    package var model: String?
    /// What the status line and the heatmap say when there is no model.
    package var noModelReason = "no model (saescope model fetch)"
    /// What the statistics were measured on ("1031875 tokens" of the index's held-out text, "262144 training
    /// activations" of a file `saescope train` wrote), when known.
    package var statisticsSource: String?
    /// Where an imported index came from ("Neuronpedia (gpt2-small/8-res-jb)"); nil for one built here.
    package var importedFrom: String?
    /// The last `saescope eval` figures (the user's own, else those its index shipped with).
    package var evaluation: RecordedEvaluation?

    /// A summary with every field given.
    package init(name: String, hookName: String?, architecture: String, dIn: Int, featureCount: Int,
                density: [Float]? = nil, maxActivation: [Float]? = nil, meanActivation: [Float]? = nil) {
        self.name = name
        self.hookName = hookName
        self.architecture = architecture
        self.dIn = dIn
        self.featureCount = featureCount
        self.density = density
        self.maxActivation = maxActivation
        self.meanActivation = meanActivation
    }

    /// The summary of a loaded dictionary, named `name`; reads no weights, so it is instant at any size.
    package init(_ dictionary: SparseDictionary, name: String) {
        let config = dictionary.config
        let hookName = config.isTranscoder ? config.hookName.map { "\($0) → \(config.outputHookName ?? "?")" } : config.hookName
        let architecture = config.architecture.rawValue + (config.isTranscoder ? dictionary.skip != nil ? " skip transcoder" : " transcoder" : "")
        self.init(name: name, hookName: hookName, architecture: architecture,
                  dIn: dictionary.dIn, featureCount: dictionary.featureCount,
                  density: dictionary.statistics?.density, maxActivation: dictionary.statistics?.maxActivation,
                  meanActivation: dictionary.statistics?.meanActivation)
        trainedOn = dictionary.config.modelName
        statisticsSource = dictionary.statistics?.source
    }

    /// Takes labels, top tokens and statistics from a feature index's overview, measured on `tokens` held-out tokens:
    /// they replace any the file carries (measured on training activations, or elsewhere by whoever published it).
    package mutating func adopt(_ overview: FeatureIndex.Overview, source: String?, importedFrom: String? = nil) {
        labels = overview.labels
        topTokens = overview.topTokens
        density = overview.density
        maxActivation = overview.maxActivation
        meanActivation = overview.meanActivation
        statisticsSource = source
        self.importedFrom = importedFrom
    }

    /// The imported explanation of `feature`, if any.
    package func imported(_ feature: Int) -> ImportedLabel? { importedLabels?[feature] }

    /// Whether features can be searched by words: there are index labels or imported ones.
    package var hasLabels: Bool { labels != nil || importedLabels != nil }

    /// Whether per-feature firing statistics are available.
    package var hasStatistics: Bool { density != nil || maxActivation != nil }
}
