import Testing
import SAEKit

@Suite struct Int8DotTests {
    /// Blocks at the integer bounds (every Q8_0 weight −128, every Q6_K value 63 with scales −128) against x at ±127
    /// steps: the byte products' pair sums reach their largest magnitudes, and kernel and twin still agree bit for bit
    /// and with the float product.
    @Test(arguments: [GGMLType.q8_0, .q6_K]) func extremeBlocksMatchTwin(type: GGMLType) throws {
        let inputs = 256, outputs = 2
        let blockBytes = type == .q8_0 ? 34 : 210, blocks = inputs / (type == .q8_0 ? 32 : 256)
        var block = [UInt8](repeating: 0, count: blockBytes)
        if type == .q8_0 {
            block[0] = 0x00; block[1] = 0x3C   // d = 1
            for i in 2..<34 { block[i] = 0x80 }   // −128
        } else {
            for i in 0..<192 { block[i] = 0xFF }   // q = 63
            for i in 192..<208 { block[i] = 0x80 }   // scales −128
            block[208] = 0x00; block[209] = 0x3C
        }
        var writer = GGUFWriter()
        writer.addTensor("w", [inputs, outputs], type, Array(repeating: block, count: blocks * outputs).flatMap { $0 })
        let file = try GGUFFile(path: try writer.write(name: "extreme"))
        let weight = try LinearWeight(try file.tensor("w"), inputs: inputs, outputs: outputs, source: "test")
        let x = (0..<inputs).map { Float($0 % 2 == 0 ? 3 : -3) }
        let rounded = QuantizedActivations(capacity: inputs)
        rounded.quantize(x, count: inputs)
        #expect(rounded.integers(0..<4) == [127, -127, 127, -127])
        var twin = [Float](repeating: .nan, count: outputs), exact = twin
        weight.multiplyRows(0..<outputs, rounded: rounded, into: &twin, path: .portable)
        weight.multiplyReference(x: x, into: &exact)
        for r in 0..<outputs { #expect(abs(twin[r] - exact[r]) <= 1e-3 * abs(exact[r]) + 1e-3, "\(type): \(twin[r]) vs \(exact[r])") }
        guard KernelPath.cpuHasAVX2 else { return }
        var fast = [Float](repeating: .nan, count: outputs)
        weight.multiplyRows(0..<outputs, rounded: rounded, into: &fast, path: .avx2)
        for r in 0..<outputs { #expect(fast[r].bitPattern == twin[r].bitPattern, "\(type) row \(r): \(fast[r]) vs twin \(twin[r])") }
    }

    /// A unit holding a NaN or an infinity comes out NaN on both paths (as the float product would), one too small to
    /// scale comes out zeros, and the others are untouched.
    @Test func nonFiniteAndTinyUnits() {
        var x = Self.activations(128, seed: 9)
        x[5] = .nan
        x[40] = .infinity
        for i in 64..<96 { x[i] = 1e-38 }
        for path in KernelPath.runnable {
            let rounded = QuantizedActivations(capacity: 128)
            rounded.quantize(x, count: 128, path: path)
            #expect(rounded.scale(0).isNaN && rounded.scale(1).isNaN && rounded.sum(0).isNaN, "\(path)")
            #expect(rounded.scale(2) == 0 && rounded.integers(64..<96).allSatisfy { $0 == 0 }, "\(path)")
            #expect(rounded.scale(3) > 0 && rounded.integers(96..<128).contains { $0 != 0 }, "\(path)")
        }
    }

    /// x with units that test the rounding: ordinary values, a unit of zeros, one with a single large value, ties.
    static func activations(_ count: Int, seed: UInt64) -> [Float] {
        var blocks = RandomBlocks(seed: seed)
        var x = (0..<count).map { _ in blocks.uniform(-3, 3) }
        for i in 32..<64 where count >= 64 { x[i] = 0 }
        if count >= 96 { x[70] = 400 }
        if count >= 128 { for i in 96..<128 { x[i] = Float(i - 112) / 2 * (127.0 / 16) / 127 * 16 } }
        return x
    }

    /// The AVX2 rounding gives exactly the twin's integers, scales and sums; each value is within half a step of x.
    @Test func roundingMatchesTwin() {
        let count = 1024
        let x = Self.activations(count, seed: 3)
        let twin = QuantizedActivations(capacity: count), fast = QuantizedActivations(capacity: count)
        twin.quantize(x, count: count, path: .portable)
        for u in 0..<(count / 32) {
            for i in 0..<32 {
                let e = 32 * u + i
                #expect(abs(x[e] - twin.scale(u) * Float(twin.integers(e..<(e + 1))[0])) <= twin.scale(u) * 0.5001)
            }
        }
        #expect(twin.scale(1) == 0 && twin.integers(32..<64).allSatisfy { $0 == 0 })
        #expect(twin.integers(70..<71) == [127])
        guard KernelPath.cpuHasAVX2 else { return }
        fast.quantize(x, count: count, path: .avx2)
        #expect(fast.integers(0..<count) == twin.integers(0..<count))
        for u in 0..<(count / 32) {
            #expect(fast.scale(u).bitPattern == twin.scale(u).bitPattern)
            #expect(fast.sum(u).bitPattern == twin.sum(u).bitPattern)
            #expect(fast.halfSum(2 * u).bitPattern == twin.halfSum(2 * u).bitPattern)
            #expect(fast.halfSum(2 * u + 1).bitPattern == twin.halfSum(2 * u + 1).bitPattern)
        }
    }

    /// Each type's AVX2 kernel gives the twin's floats bit for bit, in two row ranges as the workers split a product;
    /// and the twin stays within the rounding's bound of the float product (Σ|w|·d/2 over each unit).
    @Test(arguments: [GGMLType.q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q4_K, .q5_K, .q6_K])
    func kernelMatchesTwin(type: GGMLType) throws {
        let inputs = 768, outputs = 40
        var blocks = RandomBlocks(seed: UInt64(type.rawValue) + 90)
        let weight = try QuantizedDotTests.randomWeight(type, inputs: inputs, outputs: outputs, blocks: &blocks)
        #expect(weight.hasInt8Kernels)
        let x = Self.activations(inputs, seed: UInt64(type.rawValue))
        let rounded = QuantizedActivations(capacity: inputs)
        rounded.quantize(x, count: inputs)
        var twin = [Float](repeating: .nan, count: outputs), exact = twin
        weight.multiplyRows(0..<outputs, rounded: rounded, into: &twin, path: .portable)
        weight.multiplyReference(x: x, into: &exact)
        var row = [Float](repeating: 0, count: inputs)
        for r in 0..<outputs {
            row.withUnsafeMutableBufferPointer { weight.tensor.dequantizeRow(r, into: $0.baseAddress!) }
            var bound: Float = 0
            for u in 0..<(inputs / 32) { bound += (0..<32).reduce(0) { $0 + abs(row[32 * u + $1]) } * rounded.scale(u) / 2 }
            #expect(abs(twin[r] - exact[r]) <= bound * 1.001 + 1e-4 * abs(exact[r]), "\(type) row \(r): \(twin[r]) vs \(exact[r])")
        }
        #expect(exact.contains { abs($0) > 1 })
        guard KernelPath.cpuHasAVX2 else { return }
        var fast = [Float](repeating: .nan, count: outputs)
        weight.multiplyRows(0..<13, rounded: rounded, into: &fast, path: .avx2)
        weight.multiplyRows(13..<outputs, rounded: rounded, into: &fast, path: .avx2)
        for r in 0..<outputs { #expect(fast[r].bitPattern == twin[r].bitPattern, "\(type) row \(r): \(fast[r]) vs twin \(twin[r])") }
    }
}
