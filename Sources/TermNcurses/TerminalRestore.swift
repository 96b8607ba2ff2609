import CNcursesW
import Glibc

/// Whether ncurses has the terminal; read by signal handlers, so a plain global.
nonisolated(unsafe) private var cursesActive = false

/// Gives the terminal back (endwin, then the held stderr) on quit, on SIGINT, SIGTERM and SIGHUP, on a crash, and at
/// exit.
enum TerminalRestore {
    /// Signals after which the terminal is restored and the signal raised again with its default action.
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGSEGV, SIGABRT, SIGBUS, SIGILL, SIGFPE, SIGTRAP]

    /// Marks the terminal as taken and installs the handlers (once per process for the exit hook).
    static func install() {
        cursesActive = true
        for signal in signals { _ = Glibc.signal(signal, restoreAndReraise) }
        atexit { TerminalRestore.restore() }
    }

    /// Restores the terminal if ncurses still has it, then writes out the stderr held meanwhile; safe to call more
    /// than once.
    static func restore() {
        guard cursesActive else { return }
        cursesActive = false
        BracketedPaste.disable()
        endwin()
        StderrCapture.stop()
    }

    /// Puts the default signal handlers back.
    static func uninstall() {
        for signal in signals { _ = Glibc.signal(signal, SIG_DFL) }
    }
}

/// Restores the terminal, then lets the signal do what it would have done (quit, or crash with a core).
private func restoreAndReraise(_ signal: Int32) {
    TerminalRestore.restore()
    _ = Glibc.signal(signal, SIG_DFL)
    raise(signal)
}
