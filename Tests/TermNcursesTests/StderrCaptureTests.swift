import Glibc
import Testing
import TermNcurses

@Suite struct StderrCaptureTests {
    /// Reads what is waiting in a non-blocking pipe.
    func drain(_ fd: Int32) -> String {
        var bytes = [UInt8](repeating: 0, count: 256)
        let n = read(fd, &bytes, bytes.count)
        return n > 0 ? String(decoding: bytes[..<n], as: UTF8.self) : ""
    }

    @Test func holdsStderrUntilStopped() {
        var pipeEnds: [Int32] = [0, 0]
        #expect(pipe(&pipeEnds) == 0)
        _ = fcntl(pipeEnds[0], F_SETFL, O_NONBLOCK)
        let realStderr = dup(STDERR_FILENO)
        dup2(pipeEnds[1], STDERR_FILENO)
        defer {
            dup2(realStderr, STDERR_FILENO)
            close(realStderr)
            close(pipeEnds[0])
            close(pipeEnds[1])
        }
        #expect(StderrCapture.start())
        _ = "held back\n".withCString { write(STDERR_FILENO, $0, strlen($0)) }
        #expect(drain(pipeEnds[0]) == "")
        StderrCapture.stop()
        #expect(drain(pipeEnds[0]) == "held back\n")
        StderrCapture.stop()                      // a second stop does nothing
        #expect(drain(pipeEnds[0]) == "")
    }
}
