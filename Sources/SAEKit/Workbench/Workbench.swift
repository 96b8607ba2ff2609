import Foundation

/// What a session of work on one dictionary needs, opened once: the dictionary, its feature index, the model that
/// reads it and where (its site), and the user's annotations and imported labels. The command line and the explorer
/// both open one and ask it their questions (the extensions in this folder answer each once), so they cannot disagree.
// @unchecked Sendable: everything is set in `open` and read-only after, but for the text session (touched only under
// `textLock`) and the overview and identity, computed once (under `cacheLock`).
public final class Workbench: @unchecked Sendable {
    /// How much a command needs a model.
    public enum ModelNeed: Sendable {
        /// None: the dictionary, its index and annotations only.
        case none
        /// One when the dictionary's model is there; else the workbench says why not (`noModelReason`).
        case ifAvailable
        /// One, or opening fails saying which model is missing and how to fetch it.
        case required
    }

    /// What to open.
    public struct Request: Sendable {
        /// The dictionary: a folder, an `.npz`, or a `.safetensors` file.
        public var dictionary: String
        /// Its feature index (nil: the one beside the dictionary, when it is there).
        public var index: String?
        /// Use an index built for another dictionary, with a warning instead of an error.
        public var forceIndex = false
        /// A model's name or GGUF path (nil: the model the dictionary was trained on, by its name and width).
        public var model: String?
        /// How much the caller needs the model.
        public var modelNeed = ModelNeed.none
        /// A hook point to read instead of the dictionary's own (for a dictionary that names none).
        public var hook: String?

        /// A request to open `dictionary`; see the properties.
        public init(dictionary: String, index: String? = nil, forceIndex: Bool = false, model: String? = nil,
                    modelNeed: ModelNeed = .none, hook: String? = nil) {
            self.dictionary = dictionary
            self.index = index
            self.forceIndex = forceIndex
            self.model = model
            self.modelNeed = modelNeed
            self.hook = hook
        }
    }

    /// Where the dictionary is, as given.
    public let path: String
    /// Its short name: the file or folder name, or the `hf://` or `saelens:` name as given (a Hub folder's last part,
    /// `blocks.8.hook_resid_pre`, says little, and the full name is what a command needs).
    public let name: String
    public let dictionary: SparseDictionary
    /// Its feature index, when it has one.
    public let index: FeatureIndex?
    /// What the user should know about what was opened (an index used with --force-index).
    public let warnings: [String]
    /// The model reading the dictionary's hook point; nil when none was needed or none is there.
    public let model: LanguageModel?
    /// Where the dictionary meets `model`.
    public let site: DictionarySite?
    /// Why there is no model, when one was wanted.
    public let noModelReason: String?
    /// The user's names, notes, stars, imported labels and evaluations; nil when the user's data folder cannot be
    /// opened (what reads it then finds nothing, and an evaluation is not kept).
    public let annotations: AnnotationStore?

    private let textLock = NSLock(), cacheLock = NSLock()
    private var textSession: ModelSession?
    private var cachedOverview: FeatureIndex.Overview?
    private var cachedIdentity: String??

    /// A workbench of parts already open (a synthetic dictionary in a benchmark, a test's model): `dictionary` as if
    /// found at `path`, read by `model` at `site`; see the properties.
    public init(path: String, dictionary: SparseDictionary, index: FeatureIndex? = nil, warnings: [String] = [],
                model: LanguageModel?, site: DictionarySite?, noModelReason: String? = nil, annotations: AnnotationStore?) {
        self.path = path
        let onHub = SAELensRegistry.isName(path) || path.hasPrefix(HubName.scheme)
        name = onHub ? path : URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent
        self.dictionary = dictionary
        self.index = index
        self.warnings = warnings
        self.model = model
        self.site = site
        self.noModelReason = noModelReason
        self.annotations = annotations
    }

    /// Opens what `request` names: the dictionary, its index (checked to belong to it), the model it needs, and the
    /// annotation store (`annotations`, or the user's own). `sharing` is a model already open for another dictionary
    /// of the same session (`--against`), used instead of opening it again when no other is asked for.
    public static func open(_ request: Request, annotations: AnnotationStore? = nil, sharing shared: LanguageModel? = nil) throws -> Workbench {
        try open(request, annotations: annotations, sharing: shared, noModelReason: nil)
    }

    /// `open`, with `noModelReason` standing for the model when none is needed.
    private static func open(_ request: Request, annotations: AnnotationStore?, sharing shared: LanguageModel?,
                             noModelReason reason: String?) throws -> Workbench {
        let dictionary = try DictionaryLoader.load(request.dictionary)
        let (index, warning) = try openIndex(request, for: dictionary)
        var model: LanguageModel?, site: DictionarySite?, noModelReason = reason
        if request.modelNeed != .none {
            (model, site, noModelReason) = try openModel(for: dictionary, at: request.dictionary, named: request.model, hook: request.hook,
                                                         need: request.modelNeed, sharing: shared)
        }
        return Workbench(path: request.dictionary, dictionary: dictionary, index: index, warnings: [warning].compactMap { $0 },
                         model: model, site: site, noModelReason: noModelReason, annotations: annotations ?? (try? AnnotationStore()))
    }

    /// The dictionary's identity (`DictionaryIdentity`), under which its annotations are filed: the one its index
    /// records, or, without an index, one computed from its decoder (a pass over it, done once and only when asked)
    /// when the store holds imported labels or evaluations; nil otherwise.
    public var identity: String? {
        if let known = cacheLock.withLock({ cachedIdentity }) { return known }
        let found = index?.metadata["dictionary_id"]
            ?? ((try? annotations?.holdsUnindexedData()) == true ? DictionaryIdentity.of(dictionary) : nil)
        cacheLock.withLock { cachedIdentity = .some(found) }
        return found
    }

    /// Another dictionary of the same width (another size at the same hook point) opened with this one's model and
    /// annotation store; its index is the one beside it, when there is one.
    public func opening(other path: String, forceIndex: Bool = false) throws -> Workbench {
        let request = Request(dictionary: path, forceIndex: forceIndex, modelNeed: model == nil ? .none : .ifAvailable)
        let other = try Self.open(request, annotations: annotations, sharing: model, noModelReason: noModelReason)
        guard other.dictionary.dIn == dictionary.dIn else {
            throw InputError(path, "d_in \(other.dictionary.dIn) is not \(name)'s \(dictionary.dIn): it must be another size of the same hook point")
        }
        return other
    }

    /// The model, or an `InputError` naming the dictionary and why there is none.
    public func requireModel() throws -> (model: LanguageModel, site: DictionarySite) {
        guard let model, let site else { throw InputError(path, noModelReason ?? "no model is open for it") }
        return (model, site)
    }

    /// The feature index, or an `InputError` saying how to build one.
    public func requireIndex() throws -> FeatureIndex {
        guard let index else {
            throw InputError(FeatureIndex.defaultPath(forDictionary: path), "no feature index here; build it with `saescope index build --dict \(path)`")
        }
        return index
    }

    /// The index's labels, top tokens and statistics (read once), or nil without an index.
    public func overview() throws -> FeatureIndex.Overview? {
        guard let index else { return nil }
        if let cached = cacheLock.withLock({ cachedOverview }) { return cached }
        let read = try index.overview(featureCount: dictionary.featureCount)
        cacheLock.withLock { cachedOverview = read }
        return read
    }

    /// Runs `body` with the session that reads text at the hook point, one caller at a time.
    func withTextSession<T>(_ model: LanguageModel, _ body: (ModelSession) throws -> T) rethrows -> T {
        try textLock.withLock {
            let session = textSession ?? ModelSession(model: model)
            textSession = session
            return try body(session)
        }
    }

    /// The index at `request.index` (which must exist) or else beside the dictionary (when it is there), checked to
    /// belong to `dictionary`; with `forceIndex` a mismatch comes back as a warning instead of an error.
    private static func openIndex(_ request: Request, for dictionary: SparseDictionary) throws -> (FeatureIndex?, String?) {
        let path = request.index ?? FeatureIndex.defaultPath(forDictionary: request.dictionary)
        guard request.index != nil || FileManager.default.fileExists(atPath: path) else { return (nil, nil) }
        let opened = try FeatureIndex(path: path)
        guard let mismatch = try opened.mismatch(with: dictionary) else { return (opened, nil) }
        guard request.forceIndex else {
            throw InputError(path, mismatch + "; give the dictionary's own index, rebuild it with `saescope index build`, or pass --force-index")
        }
        return (opened, "\(path) \(mismatch)")
    }

    /// The model for `dictionary` (found at `path`) and where it reads it, or why there is none: the model `named`
    /// (a name or a GGUF path), else `shared`, else the one the dictionary was trained on (by the name its config gives
    /// and its width). `hook` replaces the dictionary's own hook point. When there is none or it does not fit, a
    /// `.required` model is an error naming the file and what to do; otherwise the reason comes back. The one place a
    /// dictionary's model is chosen.
    public static func openModel(for dictionary: SparseDictionary, at path: String, named: String?, hook: String? = nil,
                                 need: ModelNeed = .required, sharing shared: LanguageModel? = nil) throws
        -> (model: LanguageModel?, site: DictionarySite?, noModelReason: String?) {
        do {
            let (model, site) = try requiredModel(for: dictionary, at: path, named: named, hook: hook, sharing: shared)
            return (model, site, nil)
        } catch let error as InputError where need != .required {
            // The file the problem is in is named, unless it is the dictionary the reason is shown beside.
            return (nil, nil, "no model: " + (error.source == path ? error.message : "\(error.source): \(error.message)"))
        }
    }

    /// The model for `dictionary` as `openModel` chooses it, and where it reads it; an `InputError` when there is none
    /// or it does not fit.
    public static func requiredModel(for dictionary: SparseDictionary, at path: String, named: String?, hook: String? = nil,
                                     sharing shared: LanguageModel? = nil) throws -> (model: LanguageModel, site: DictionarySite) {
        let model: LanguageModel
        if let named {
            model = try LanguageModel(path: try ModelStore.resolve(named))
        } else if let shared {
            model = shared
        } else {
            let choice = ModelChoice.for(dIn: dictionary.dIn, modelName: dictionary.config.modelName, hook: hook ?? dictionary.config.hookName)
            model = try LanguageModel(path: try choice.path(source: path))
        }
        do {
            return (model, try dictionary.site(in: model, source: path, override: hook))
        } catch let error as InputError where named == nil {
            // A model saescope chose that does not fit is named, so the user knows which one to replace.
            throw InputError(error.source, "\(error.message) (the model chosen for it: \(model.fileName); pass --model)")
        }
    }
}
