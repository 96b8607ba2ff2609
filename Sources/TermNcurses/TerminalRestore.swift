import CNcursesW
import Glibc

/// Whether ncurses has the terminal; read by signal handlers, so a plain global.
nonisolated(unsafe) private var cursesActive = false

/// What a signal handler needs to give the terminal back, prepared before any signal can come: the terminal's mode
/// from before ncurses took it, and the bytes that leave the alternate screen, show the cursor, reset the colours and
/// stop keypad and bracketed-paste modes. The handler then needs only tcsetattr(3) and write(2), which are
/// async-signal-safe (endwin is not).
private struct EmergencyRestore {
    var mode: termios
    var bytes: UnsafeMutablePointer<UInt8>
    var count: Int
}

nonisolated(unsafe) private var emergency: EmergencyRestore?

/// Gives the terminal back on quit (endwin, then the held stderr), at exit, and on SIGINT, SIGTERM, SIGHUP and the
/// crash signals (with async-signal-safe calls only: see `EmergencyRestore`).
enum TerminalRestore {
    /// Signals after which the terminal is restored and the signal raised again with its default action.
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGSEGV, SIGABRT, SIGBUS, SIGILL, SIGFPE, SIGTRAP]

    /// The terminal's mode before ncurses changes it; call before `initscr`.
    nonisolated(unsafe) private static var shellMode: termios?

    /// Records the terminal's mode; call before `initscr`.
    static func recordShellMode() {
        var mode = termios()
        if tcgetattr(STDIN_FILENO, &mode) == 0 { shellMode = mode }
    }

    /// Marks the terminal as taken, prepares the emergency restore and installs the handlers (once per process for
    /// the exit hook); call after `initscr`.
    static func install() {
        cursesActive = true
        prepareEmergency()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = restoreAndReraise
        sigemptyset(&action.sa_mask)
        for signal in signals { sigaction(signal, &action, nil) }
        atexit { TerminalRestore.restore() }
    }

    /// Restores the terminal if ncurses still has it, then writes out the stderr held meanwhile; safe to call more
    /// than once. Not for signal handlers (it calls endwin).
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

    /// The bytes and mode `restoreFromSignal` uses, from the terminal's terminfo entry.
    private static func prepareEmergency() {
        guard emergency == nil, let mode = shellMode else { return }
        var bytes: [UInt8] = []
        for capability in ["sgr0", "cnorm", "rmkx", "rmcup"] {
            if let value = saescope_terminfo_string(capability) { bytes += Array(String(cString: value).utf8) }
        }
        bytes += BracketedPaste.disableSequence
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count)
        buffer.initialize(from: bytes, count: bytes.count)
        emergency = EmergencyRestore(mode: mode, bytes: buffer, count: bytes.count)
    }

    /// Gives the terminal back from a signal handler: the prepared bytes, the shell's mode, the held stderr.
    fileprivate static func restoreFromSignal() {
        guard cursesActive else { return }
        cursesActive = false
        if var restore = emergency {
            var written = 0
            while written < restore.count {
                let n = write(STDOUT_FILENO, restore.bytes + written, restore.count - written)
                guard n > 0 else { break }
                written += n
            }
            _ = tcsetattr(STDIN_FILENO, TCSANOW, &restore.mode)
        }
        StderrCapture.stop()
    }
}

/// Restores the terminal, then lets the signal do what it would have done (quit, or crash with a core).
private func restoreAndReraise(_ signal: Int32) {
    TerminalRestore.restoreFromSignal()
    _ = Glibc.signal(signal, SIG_DFL)
    raise(signal)
}
