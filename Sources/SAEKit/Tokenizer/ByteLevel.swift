/// GPT-2's reversible map between bytes and printable Unicode scalars used by byte-level BPE vocabularies.
public enum ByteLevel {
    /// The scalar each byte value maps to.
    public static let byteToScalar: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: "\0", count: 256)
        var next: UInt32 = 256
        for byte in 0..<256 {
            let printable = (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte)
            if printable {
                table[byte] = Unicode.Scalar(UInt32(byte))!
            } else {
                table[byte] = Unicode.Scalar(next)!
                next += 1
            }
        }
        return table
    }()

    /// The byte each mapped scalar stands for.
    public static let scalarToByte: [Unicode.Scalar: UInt8] = {
        var inverse: [Unicode.Scalar: UInt8] = [:]
        for (byte, scalar) in byteToScalar.enumerated() { inverse[scalar] = UInt8(byte) }
        return inverse
    }()

    /// The UTF-8 bytes of `text`, each mapped to its scalar, as a string of "byte characters".
    public static func encode(_ text: Substring) -> String {
        var result = String.UnicodeScalarView()
        for byte in text.utf8 { result.append(byteToScalar[Int(byte)]) }
        return String(result)
    }

    /// The bytes that a vocabulary token's text stands for; scalars outside the table contribute their own UTF-8.
    public static func decode(_ token: String, into bytes: inout [UInt8]) {
        for scalar in token.unicodeScalars {
            if let byte = scalarToByte[scalar] {
                bytes.append(byte)
            } else {
                bytes.append(contentsOf: Array(String(scalar).utf8))
            }
        }
    }
}
