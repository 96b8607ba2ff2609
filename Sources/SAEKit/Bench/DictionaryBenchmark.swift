/// Measures the dictionary engine against this machine's own limits: sgemm peak and memory bandwidth.
public enum DictionaryBenchmark {
    /// One line of results: a name, a value with its unit, and what it is compared with.
    public struct Figure: Sendable {
        /// What was measured.
        public let name: String
        /// The measured value, formatted with its unit.
        public let value: String
        /// The reference it is compared with, or empty.
        public let comparison: String
    }

    /// sgemm throughput in GFLOP/s for [m, k]·[k, n] (the best of a few runs).
    public static func sgemmThroughput(m: Int, k: Int, n: Int) -> Double {
        let a = SyntheticDictionary.gaussianMatrix(rows: m, cols: k, seed: 1)
        let b = SyntheticDictionary.gaussianMatrix(rows: k, cols: n, seed: 2)
        let c = Matrix(rows: m, cols: n)
        let time = (0..<5).map { _ in Stopwatch.seconds { BLAS.multiply(a, b, into: c) } }.dropFirst().min()!
        return 2 * Double(m * k * n) / time / 1e9
    }

    /// Read bandwidth in GB/s: summing a 1 GiB array on every core (best of a few passes).
    public static func memoryBandwidth(bytes: Int = 1 << 30) -> Double {
        let count = bytes / 4
        let data = UnsafeMutablePointer<Float>.allocate(capacity: count)
        defer { data.deallocate() }
        data.initialize(repeating: 1, count: count)
        let chunks = Parallel.workerCount
        var sums = [Float](repeating: 0, count: chunks)
        let time = (0..<4).map { _ in
            Stopwatch.seconds {
                sums.withUnsafeMutableBufferPointer { out in
                    let out = out
                    Parallel.forEach(chunks) { chunk in
                        let start = count * chunk / chunks, end = count * (chunk + 1) / chunks
                        var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
                        var i = start
                        while i + 4 <= end { s0 += data[i]; s1 += data[i + 1]; s2 += data[i + 2]; s3 += data[i + 3]; i += 4 }
                        out[chunk] = s0 + s1 + s2 + s3
                    }
                }
            }
        }.dropFirst().min()!
        precondition(sums.reduce(0, +) > 0)
        return Double(bytes) / time / 1e9
    }

    /// Encode throughput of a top-k dictionary [dIn × dSAE] on batches of `batch` rows: rows/s and GFLOP/s.
    public static func encodeThroughput(dIn: Int = 576, dSAE: Int = 16_384, batch: Int = 256, batches: Int = 8) -> (rowsPerSecond: Double, gflops: Double) {
        let dictionary = SyntheticDictionary.make(architecture: .topk, dIn: dIn, dSAE: dSAE, k: 32)
        let x = SyntheticDictionary.gaussianMatrix(rows: batch, cols: dIn, seed: 3)
        let time = Stopwatch.median(runs: batches) { _ = dictionary.encode(x) }
        return (Double(batch) / time, 2 * Double(batch * dIn * dSAE) / time / 1e9)
    }

    /// Median latency in seconds of one neighbour query on a dictionary of `features` × `dIn`.
    public static func neighbourLatency(features: Int, dIn: Int, queries: Int = 9) throws -> Double {
        let decoder = SyntheticDictionary.gaussianMatrix(rows: features, cols: dIn, seed: 4)
        let config = DictionaryConfig(format: .saescope, architecture: .standard, dIn: dIn, dSAE: features)
        let dictionary = SparseDictionary(config: config, encoder: decoder, encoderIsFeatureMajor: true, decoder: decoder,
                                          encoderBias: [Float](repeating: 0, count: features),
                                          decoderBias: [Float](repeating: 0, count: dIn))
        _ = dictionary.decoderNorms
        var failure: Error?
        var query = 0
        let time = Stopwatch.median(runs: queries) {
            do { _ = try Neighbours.nearest(to: (query * 7919) % features, in: dictionary, top: 10) } catch { failure = error }
            query += 1
        }
        if let failure { throw failure }
        return time
    }

    /// Runs every measurement and returns the figures, calling `progress` before each step.
    public static func run(progress: (String) -> Void) throws -> [Figure] {
        var figures: [Figure] = []
        progress("measuring sgemm peak")
        let peak = sgemmThroughput(m: 1536, k: 1536, n: 1536)
        figures.append(Figure(name: "sgemm peak (1536³)", value: String(format: "%.1f GFLOP/s", peak), comparison: "\(BLAS.threadCount) BLAS threads"))
        let encodeShape = sgemmThroughput(m: 256, k: 576, n: 16_384)
        figures.append(Figure(name: "sgemm 256×576·576×16384", value: String(format: "%.1f GFLOP/s", encodeShape),
                              comparison: String(format: "%.0f%% of peak", 100 * encodeShape / peak)))
        progress("measuring memory bandwidth")
        let bandwidth = memoryBandwidth()
        figures.append(Figure(name: "memory read bandwidth", value: String(format: "%.1f GB/s", bandwidth), comparison: "\(Parallel.workerCount) threads"))
        progress("encoding 576 × 16,384 in batches of 256")
        let encode = encodeThroughput()
        figures.append(Figure(name: "encode 576×16384 topk, batch 256",
                              value: String(format: "%.0f rows/s, %.1f GFLOP/s", encode.rowsPerSecond, encode.gflops),
                              comparison: String(format: "%.0f%% of sgemm peak", 100 * encode.gflops / peak)))
        for (features, dIn) in [(65_536, 2_304), (1_048_576, 576)] {
            progress("neighbour queries on \(features) × \(dIn)")
            let latency = try neighbourLatency(features: features, dIn: dIn)
            let readTime = Double(features * dIn * 4) / (bandwidth * 1e9)
            figures.append(Figure(name: "neighbour query \(features)×\(dIn)", value: String(format: "%.1f ms", latency * 1000),
                                  comparison: String(format: "%.2f× one decoder read (%.1f ms)", latency / readTime, readTime * 1000)))
        }
        return figures
    }
}

import Foundation
