import Foundation

/// Where saescope keeps downloads and user data, following the XDG base directory conventions.
public enum Paths {
    /// `$XDG_CACHE_HOME/saescope/<name>` (default `~/.cache/saescope/<name>`): models, corpora, activations.
    public static func cache(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        base("XDG_CACHE_HOME", fallback: ".cache", environment) + "/saescope/" + name
    }

    /// `$XDG_DATA_HOME/saescope/<name>` (default `~/.local/share/saescope/<name>`): the user's annotations.
    public static func data(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        base("XDG_DATA_HOME", fallback: ".local/share", environment) + "/saescope/" + name
    }

    private static func base(_ variable: String, fallback: String, _ environment: [String: String]) -> String {
        if let value = environment[variable], value.hasPrefix("/") { return value }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/" + fallback
    }
}
