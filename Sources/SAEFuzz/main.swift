import CFuzzDriver
import Foundation

// saescope-fuzz TARGET [libFuzzer options and corpus folders]: one of the file readers under libFuzzer. Built by
// scripts/fuzz with -sanitize=fuzzer,address; a build without libFuzzer says so and exits.

/// The target chosen on the command line; libFuzzer calls back into it through a C function pointer.
nonisolated(unsafe) var chosen: (@Sendable (Data) -> Void)?

let arguments = CommandLine.arguments
guard arguments.count >= 2, let target = FuzzTargets.all.first(where: { $0.name == arguments[1] }) else {
    let names = FuzzTargets.all.map(\.name).joined(separator: ", ")
    FileHandle.standardError.write(Data("usage: saescope-fuzz TARGET [libFuzzer options] [corpus folders]; targets: \(names)\n".utf8))
    exit(2)
}
chosen = target.run
var forwarded = [arguments[0]] + arguments.dropFirst(2)
let cStrings = forwarded.map { strdup($0) }
defer { cStrings.forEach { free($0) } }
var argv = cStrings + [nil]
let status = argv.withUnsafeMutableBufferPointer { buffer in
    saescope_fuzz_run(Int32(forwarded.count), buffer.baseAddress) { data, size in
        chosen?(data.map { Data(bytes: $0, count: size) } ?? Data())
        return 0
    }
}
if status == -1 {
    FileHandle.standardError.write(Data("saescope-fuzz was built without libFuzzer; build and run it with scripts/fuzz TARGET SECONDS\n".utf8))
    exit(2)
}
exit(status)
