import Testing
import SAEKit

@Suite struct QuantizedDotTests {
    /// A weight [outputs, inputs] of random `type` blocks from `blocks`, written to a GGUF file and opened.
    static func randomWeight(_ type: GGMLType, inputs: Int, outputs: Int, blocks: inout RandomBlocks) throws -> LinearWeight {
        var writer = GGUFWriter()
        writer.addTensor("w", [inputs, outputs], type, blocks.tensor(type, count: inputs * outputs, scale: 1))
        let file = try GGUFFile(path: try writer.write(name: "weight"))
        return try LinearWeight(try file.tensor("w"), inputs: inputs, outputs: outputs, source: "test")
    }

    @Test func permuteIsABlockwisePermutation() {
        let x = (0..<64).map(Float.init)
        var out = [Float](repeating: -1, count: 64)
        QuantizedDot.permute(x, count: 64, into: &out)
        #expect(out.sorted() == x)
        #expect(out[0..<8] == [0, 4, 8, 12, 16, 20, 24, 28])
        #expect(out[8..<16] == [1, 5, 9, 13, 17, 21, 25, 29])
    }

    /// Every type's row kernel, through `LinearWeight.multiplyRows` on each kernel path this CPU runs, against the
    /// dequantize-then-dot twin.
    @Test(arguments: [GGMLType.q4_1, .q8_0, .f32, .f16, .bf16, .q4_0, .q5_0, .q5_1, .q4_K, .q5_K, .q6_K], KernelPath.runnable)
    func kernelMatchesNaiveTwin(type: GGMLType, path: KernelPath) throws {
        let inputs = 512, outputs = 24
        var blocks = RandomBlocks(seed: UInt64(type.rawValue) + 1)
        let weight = try Self.randomWeight(type, inputs: inputs, outputs: outputs, blocks: &blocks)
        let x = (0..<inputs).map { _ in blocks.uniform(-1, 1) }
        var xp = [Float](repeating: 0, count: inputs), sums = [Float](repeating: 0, count: inputs / 32)
        QuantizedDot.permute(x, count: inputs, into: &xp)
        QuantizedDot.blockSums(x, count: inputs, into: &sums)
        var fast = [Float](repeating: 0, count: outputs), naive = fast
        // In two ranges, as the workers split a product: a kernel must write row r at y[r] whatever its range's start.
        weight.multiplyRows(0..<7, x: x, xp: xp, sums: sums, into: &fast, path: path)
        weight.multiplyRows(7..<outputs, x: x, xp: xp, sums: sums, into: &fast, path: path)
        weight.multiplyReference(x: x, into: &naive)
        for r in 0..<outputs {
            #expect(abs(fast[r] - naive[r]) <= 1e-4 * max(1, abs(naive[r])), "\(path) row \(r): \(fast[r]) vs \(naive[r])")
        }
        #expect(naive.contains { abs($0) > 0.1 })
    }

    /// The half-width float rows take any length, as model folders' matrices do: eight-lane steps and a tail.
    @Test(arguments: [GGMLType.f16, .bf16], KernelPath.runnable)
    func halfRowsOfAnyLengthMatchNaiveTwin(type: GGMLType, path: KernelPath) throws {
        for inputs in [1, 7, 8, 23, 77] {
            var blocks = RandomBlocks(seed: UInt64(inputs))
            let weight = try Self.randomWeight(type, inputs: inputs, outputs: 5, blocks: &blocks)
            let x = (0..<inputs).map { _ in blocks.uniform(-1, 1) }
            var fast = [Float](repeating: .nan, count: 5), naive = fast
            weight.multiplyRows(0..<5, x: x, xp: x, sums: x, into: &fast, path: path)
            weight.multiplyReference(x: x, into: &naive)
            for r in 0..<5 {
                #expect(abs(fast[r] - naive[r]) <= 1e-5 * max(1, abs(naive[r])), "\(path) \(type) \(inputs) row \(r)")
            }
        }
    }

    /// The batch path's decoders on each kernel path give exactly the floats of the Swift decoder (the twin): the
    /// same products in the same order. Rows long enough for several blocks, decoded in two ranges across threads.
    @Test(arguments: [GGMLType.q4_1, .q8_0, .q4_0, .q5_0, .q5_1, .q4_K, .q6_K, .f16, .bf16], KernelPath.runnable)
    func dequantizeMatchesSwiftDecoder(type: GGMLType, path: KernelPath) throws {
        let inputs = 512, outputs = 150
        var blocks = RandomBlocks(seed: UInt64(type.rawValue) + 40)
        let weight = try Self.randomWeight(type, inputs: inputs, outputs: outputs, blocks: &blocks)
        var fast = [Float](repeating: .nan, count: inputs * outputs)
        fast.withUnsafeMutableBufferPointer { out in
            weight.dequantizeRows(0..<70, into: out.baseAddress!, threads: 2, path: path)
            weight.dequantizeRows(70..<outputs, into: out.baseAddress! + 70 * inputs, threads: 2, path: path)
        }
        let tensor = weight.tensor
        var twin = [Float](repeating: 0, count: inputs * outputs)
        twin.withUnsafeMutableBufferPointer { out in
            for r in 0..<outputs { tensor.dequantizeRow(r, into: out.baseAddress! + r * inputs) }
        }
        let differing = (0..<fast.count).filter { fast[$0].bitPattern != twin[$0].bitPattern }
        #expect(differing.isEmpty, "\(path) \(type): \(differing.count) elements differ, first at \(differing.first ?? -1)")
        #expect(twin.contains { abs($0) > 0.1 })
    }

    /// The float dot product on each path, at lengths with and without a tail past the last 16, against float64.
    @Test(arguments: KernelPath.runnable) func floatDotMatchesFloat64(path: KernelPath) {
        var blocks = RandomBlocks(seed: 5)
        for count in [0, 1, 15, 16, 17, 64, 100, 576] {
            let a = (0..<count).map { _ in blocks.uniform(-1, 1) }, b = (0..<count).map { _ in blocks.uniform(-1, 1) }
            let exact = zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            let fast = QuantizedDot.f32(a, b, count: count, path: path)
            #expect(abs(Double(fast) - exact) <= 1e-5 * max(1, abs(exact)), "\(path), \(count) elements: \(fast) vs \(exact)")
        }
    }

    /// The batch path (dequantize chunks + BLAS) agrees with the row kernels, including a chunk boundary.
    @Test func batchMatchesRows() throws {
        let inputs = 96, outputs = 70, n = 9
        var blocks = RandomBlocks(seed: 11)
        let weight = try Self.randomWeight(.q4_1, inputs: inputs, outputs: outputs, blocks: &blocks)
        let x = (0..<(n * inputs)).map { _ in blocks.uniform(-1, 1) }
        var y = [Float](repeating: 0, count: n * outputs)
        var scratch = [Float](repeating: 0, count: 32 * inputs)
        weight.multiplyBatch(x, rows: n, into: &y, scratch: &scratch, chunkRows: 32, threads: 2)
        for i in 0..<n {
            var expected = [Float](repeating: 0, count: outputs)
            Array(x[(i * inputs)..<((i + 1) * inputs)]).withUnsafeBufferPointer { weight.multiplyReference(x: $0.baseAddress!, into: &expected) }
            for r in 0..<outputs { #expect(abs(y[i * outputs + r] - expected[r]) <= 1e-4 * max(1, abs(expected[r]))) }
        }
    }
}
