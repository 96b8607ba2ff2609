import ArgumentParser
import Explorer
import Foundation
import Glibc
import SAEKit
import TermKit
import TermNcurses

/// `saescope tui --dict PATH`: the terminal explorer over one dictionary.
struct TuiCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Browse a dictionary's features and their neighbours in the terminal (q quits, ? shows the keys).",
        discussion: "Settings (theme = NAME or PATH, colors = truecolor|256|16|8|mono) may be kept in "
            + "$XDG_CONFIG_HOME/saescope/config (default ~/.config/saescope/config); options override them.")

    /// The sample dictionaries opened when no --dict is given (paths relative to the repository, where scripts/run starts).
    static let sample = (main: "SampleData/smollm2-res14-16k.safetensors", other: "SampleData/smollm2-res14-4k.safetensors")

    @Option(help: "The dictionary (folder, .npz or .safetensors); default: the sample's 16k dictionary, with --against its 4k one.")
    var dict: String?

    @Option(help: "A second dictionary of the same d_in (another size): its nearest features are shown beside each feature's.")
    var against: String?

    @Option(help: "The dictionary's feature index (default: next to the dictionary, when it is there).")
    var index: String?

    @Flag(help: "Use the feature index even when it was built for another dictionary (a warning on the status line).")
    var forceIndex = false

    @Option(help: "A GGUF model for the heatmap (default: the fetched SmolLM2-135M-Instruct, when it is there).")
    var model: String?

    @Option(help: "A theme file, or the name of one in ./Themes or $SAESCOPE_THEMES (dark, light, high-contrast, colorblind).")
    var theme: String?

    @Option(help: "Colours to draw with instead of the detected ones: truecolor, 256, 16, 8 or mono.")
    var colors: ColorDepth?

    @Option(help: "A steering preset to start with (its edits wait in the steering pane; 5 shows them).")
    var preset: String?

    /// Loads the theme and the dictionary, then runs the explorer until the user quits.
    func run() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw ValidationError("tui needs a terminal on stdin and stdout")
        }
        let settings: ExplorerSettings
        let chosen: Theme
        do {
            settings = try SettingsLocator.load()
            chosen = try (theme ?? settings.theme).map(ThemeLocator.load) ?? Theme(name: "dark")
        } catch let error as ConfigFileError {
            throw InputError(error.line > 0 ? "\(error.file):\(error.line)" : error.file, error.message)
        }
        let depth = colors ?? settings.colors
        let dict = self.dict ?? Self.sample.main
        guard self.dict != nil || FileManager.default.fileExists(atPath: dict) else {
            throw InputError(dict, "the sample dictionary is not here; run saescope from the repository (scripts/run) or give --dict PATH")
        }
        let against = self.against ?? (self.dict == nil ? Self.sample.other : nil)
        let dictionary = try DictionaryLoader.load(dict)
        let (featureIndex, indexWarning) = try DictionaryOptions.openIndex(at: index, beside: dict, for: dictionary, force: forceIndex)
        var warnings = [indexWarning].compactMap { $0 }
        let (language, noModelReason) = try model(for: dictionary, path: dict)
        var lead = try opened(dictionary, path: dict, index: featureIndex, model: language, noModelReason: noModelReason)
        var other = try against.map { path in
            let loaded = try DictionaryLoader.load(path)
            guard loaded.dIn == dictionary.dIn else {
                throw InputError(path, "d_in \(loaded.dIn) is not the dictionary's \(dictionary.dIn): --against needs another size of the same hook point")
            }
            // Its index, when it has one beside it, labels its features in the neighbours pane.
            let (otherIndex, warning) = try DictionaryOptions.openIndex(at: nil, beside: path, for: loaded, force: forceIndex)
            if let warning { warnings.append(warning) }
            return try opened(loaded, path: path, index: otherIndex, model: language, noModelReason: noModelReason)
        }
        let annotations = try AnnotationStore()
        // A dictionary without an index is identified (a pass over its decoder) only when it may have imported labels.
        if try annotations.hasImportedLabels() {
            if lead.identity == nil { lead.identity = DictionaryIdentity.of(lead.dictionary) }
            if let opened = other, opened.identity == nil { other?.identity = DictionaryIdentity.of(opened.dictionary) }
        }
        let app = try ExplorerApp(lead, other: other, presets: PresetShelf.standard(dictionaryPath: dict),
                                  annotations: annotations, theme: chosen)
        if !warnings.isEmpty { app.send(.warningShown(warnings.joined(separator: "; "))) }
        if let preset {
            app.send(.steering(.presetLoaded(name: URL(fileURLWithPath: preset).lastPathComponent, try SteeringPreset.load(preset))))
        }
        let terminal = Terminal()
        app.run(on: terminal, depth: depth)
        app.finishWrites()
        terminal.stop()
        // exit(3) would first wait for OpenBLAS's threads, which an encoding or a generation still running can keep
        // busy for a minute; everything worth keeping is written by now, so the process ends at once.
        fflush(nil)
        _exit(0)
    }

    /// The model for `dictionary` (at `path`), or why there is none: the one given with --model, else the one the
    /// dictionary was trained on (by name and width) when it is fetched.
    func model(for dictionary: SparseDictionary, path dict: String) throws -> (LanguageModel?, String?) {
        if model != nil { return (try LanguageModel(path: try ModelStore.resolve(model)), nil) }
        do {
            let path = try ModelChoice.for(dIn: dictionary.dIn, modelName: dictionary.config.modelName, hook: dictionary.config.hookName).path(source: Self.name(of: dict))
            return (try LanguageModel(path: path), nil)
        } catch let error as InputError {
            return (nil, "no model: \(error.message)")
        }
    }

    /// `dictionary` (at `path`) as the explorer opens it, with `model` reading and steering its hook point; a model
    /// given with --model must fit it, while the default one that does not fit says why in the status line.
    func opened(_ dictionary: SparseDictionary, path: String, index: FeatureIndex?, model language: LanguageModel?,
                noModelReason: String?) throws -> OpenedDictionary {
        var opened = OpenedDictionary(dictionary, name: Self.name(of: path), index: index, noModelReason: noModelReason)
        guard let language else { return opened }
        do {
            let site = try dictionary.site(in: language, source: path)
            let name = URL(fileURLWithPath: language.fileName).deletingPathExtension().lastPathComponent
            opened.activations = ModelActivationSource(model: language, hook: site.read, name: name)
            opened.steering = ModelSteeringSource(model: language, dictionary: dictionary, site: site)
            opened.attribution = ModelAttributionSource(model: language, dictionary: dictionary, site: site)
        } catch let error as InputError where model == nil {
            opened.noModelReason = "no model: \(language.fileName) does not fit (\(error.message))"
        }
        return opened
    }

    /// A dictionary's short name: its file or folder name.
    static func name(of path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent }
}

/// Reads the settings file, if there is one.
enum SettingsLocator {
    /// `$XDG_CONFIG_HOME/saescope/config`, or `~/.config/saescope/config`.
    static var path: String {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
        return base + "/saescope/config"
    }

    /// The settings in the file, or none when it does not exist.
    static func load() throws -> ExplorerSettings {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return ExplorerSettings() }
        return try ExplorerSettings.parse(text, file: path)
    }
}

/// Finds a theme by path or by name.
enum ThemeLocator {
    /// The theme at `nameOrPath`: a file path, or a name looked up as `NAME.theme` in $SAESCOPE_THEMES and ./Themes.
    static func load(_ nameOrPath: String) throws -> Theme {
        if FileManager.default.fileExists(atPath: nameOrPath) {
            return try Theme.load(contentsOf: URL(fileURLWithPath: nameOrPath))
        }
        let folders = [ProcessInfo.processInfo.environment["SAESCOPE_THEMES"], "Themes"].compactMap { $0 }
        for folder in folders {
            let url = URL(fileURLWithPath: folder).appendingPathComponent(nameOrPath + ".theme")
            if FileManager.default.fileExists(atPath: url.path) { return try Theme.load(contentsOf: url) }
        }
        throw ValidationError("no theme '\(nameOrPath)': give a .theme file, or a name in \(folders.joined(separator: " or "))")
    }
}
