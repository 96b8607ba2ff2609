import ArgumentParser
import Foundation
import SAEKit

/// `saescope bench model`: prefill and decode speed of the language model, with peak memory and thread count.
struct BenchModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "model",
                                                    abstract: "Measure prefill (256 tokens) and decode (64 tokens) speed.")

    @OptionGroup var modelOption: ModelOption
    @Option(help: "Threads for the quantized kernels.") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Repetitions; the median is reported.") var repeats = 3

    func run() throws {
        guard threads >= 1, repeats >= 1 else { throw InputError("--threads/--repeats", "must be ≥ 1") }
        let model = try modelOption.load()
        let text = String(repeating: "The quick brown fox jumps over the lazy dog while the cat watches. ", count: 40)
        let prompt = Array(model.tokenizer.startingSequence(model.tokenizer.encode(text)).prefix(256))
        var prefill: [Double] = [], decode: [Double] = [], decodeCPU: [Double] = []
        for _ in 0..<repeats {
            let session = ModelSession(model: model, threads: threads)
            var start = Date()
            var logits = try session.forward(prompt, logits: .last)!
            prefill.append(Double(prompt.count) / Date().timeIntervalSince(start))
            start = Date()
            let cpuStart = processCPUSeconds()
            for _ in 0..<64 {
                let next = Sampler.argmax(UnsafeBufferPointer(logits.row(0)))
                logits = try session.forward([next], logits: .last)!
            }
            decode.append(64 / Date().timeIntervalSince(start))
            decodeCPU.append((processCPUSeconds() - cpuStart) / 64 * 1000)
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        print(String(format: "prefill: %.1f tokens/s (%d tokens)", median(prefill), prompt.count))
        print(String(format: "decode:  %.1f tokens/s (64 tokens; %.1f ms CPU time per token, all threads)", median(decode), median(decodeCPU)))
        print(String(format: "peak RSS: %.1f MB", Double(peakResidentKilobytes()) / 1024))
        print("threads: \(threads) (BLAS: \(BLAS.threadCount))")
    }

    /// CPU time of the whole process so far, in seconds.
    private func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// VmHWM from /proc/self/status, in kilobytes (0 when unavailable).
    private func peakResidentKilobytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        }
        return 0
    }
}
