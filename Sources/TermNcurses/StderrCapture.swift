import Glibc

/// Holds back what is written to stderr while ncurses has the screen (it would tear the frame, and a crash message
/// would vanish with the alternate screen) and writes it out once the terminal is restored. Uses only system calls
/// that are safe in a signal handler.
public enum StderrCapture {
    private struct Held {
        var original: Int32
        var file: Int32
        var buffer: UnsafeMutablePointer<UInt8>
    }

    nonisolated(unsafe) private static var held: Held?
    private static let bufferSize = 4096

    /// Sends stderr to an anonymous temporary file; false (and stderr left alone) when that cannot be set up.
    @discardableResult
    public static func start() -> Bool {
        guard held == nil else { return true }
        var template = Array("/tmp/saescope-stderr-XXXXXX".utf8CString)
        let file = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard file >= 0 else { return false }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        let original = dup(STDERR_FILENO)
        guard original >= 0, dup2(file, STDERR_FILENO) >= 0 else {
            close(file)
            if original >= 0 { close(original) }
            return false
        }
        held = Held(original: original, file: file, buffer: .allocate(capacity: bufferSize))
        return true
    }

    /// Puts stderr back and writes out everything held since `start()`.
    public static func stop() {
        guard let h = held else { return }
        held = nil
        _ = dup2(h.original, STDERR_FILENO)
        _ = lseek(h.file, 0, SEEK_SET)
        while true {
            let count = read(h.file, h.buffer, bufferSize)
            guard count > 0 else { break }
            var written = 0
            while written < count {
                let n = write(STDERR_FILENO, h.buffer + written, count - written)
                guard n > 0 else { break }
                written += n
            }
            if written < count { break }
        }
        close(h.file)
        close(h.original)
    }
}
