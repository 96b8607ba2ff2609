import Foundation

/// A strict JSON parser (RFC 8259) giving the values `JSONSerialization` gives (String, NSNumber, NSNull, [Any],
/// [String: Any]) straight from the bytes. Hand-written because Foundation's parser on Linux builds a tree of its own
/// and then converts every value of it: on a 3.5 MB tokenizer.json that was most of the time a model folder took to
/// open. Nesting is bounded, so hostile input cannot exhaust the stack.
package enum JSONReader {
    /// Why a text is not JSON, and the byte offset where that showed.
    package struct Failure: Error, CustomStringConvertible {
        /// The byte offset of the problem.
        package let offset: Int
        /// What is wrong there.
        package let reason: String
        package var description: String { "\(reason) at byte \(offset)" }
    }

    /// The deepest nesting of arrays and objects accepted.
    package static let maximumDepth = 512

    /// The value `bytes` hold: one JSON value with only whitespace around it.
    package static func parse(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> Any {
        var parser = Parser(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.at = 3 }   // a UTF-8 byte-order mark, which RFC 8259 lets a parser ignore
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.at == bytes.count else { throw Failure(offset: parser.at, reason: "text after the JSON value") }
        return value
    }

    /// A cursor over the bytes.
    private struct Parser {
        let bytes: UnsafeRawBufferPointer
        var at = 0

        init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        /// The byte at the cursor, or nil at the end.
        var current: UInt8? { at < bytes.count ? bytes[at] : nil }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { at += 1 }
        }

        func failure(_ reason: String) -> Failure { Failure(offset: at, reason: reason) }

        /// The value starting at the cursor.
        mutating func value(depth: Int) throws(Failure) -> Any {
            guard let byte = current else { throw failure("unexpected end of text") }
            switch byte {
            case UInt8(ascii: "{"): return try object(depth: depth + 1)
            case UInt8(ascii: "["): return try array(depth: depth + 1)
            case UInt8(ascii: "\""): return try string()
            case UInt8(ascii: "t"): try literal("true"); return NSNumber(value: true)
            case UInt8(ascii: "f"): try literal("false"); return NSNumber(value: false)
            case UInt8(ascii: "n"): try literal("null"); return NSNull()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            default: throw failure("unexpected character")
            }
        }

        mutating func literal(_ word: StaticString) throws(Failure) {
            let length = word.utf8CodeUnitCount
            guard at + length <= bytes.count, memcmp(bytes.baseAddress! + at, word.utf8Start, length) == 0 else {
                throw failure("unexpected word")
            }
            at += length
        }

        mutating func object(depth: Int) throws(Failure) -> [String: Any] {
            guard depth <= JSONReader.maximumDepth else { throw failure("nested too deeply") }
            at += 1
            var fields: [String: Any] = [:]
            skipWhitespace()
            if current == UInt8(ascii: "}") { at += 1; return fields }
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\"") else { throw failure("expected a key") }
                let key = try string()
                skipWhitespace()
                guard current == UInt8(ascii: ":") else { throw failure("expected ':'") }
                at += 1
                skipWhitespace()
                fields[key] = try value(depth: depth)
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","): at += 1
                case UInt8(ascii: "}"): at += 1; return fields
                default: throw failure("expected ',' or '}'")
                }
            }
        }

        mutating func array(depth: Int) throws(Failure) -> [Any] {
            guard depth <= JSONReader.maximumDepth else { throw failure("nested too deeply") }
            at += 1
            var items: [Any] = []
            skipWhitespace()
            if current == UInt8(ascii: "]") { at += 1; return items }
            while true {
                skipWhitespace()
                items.append(try value(depth: depth))
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","): at += 1
                case UInt8(ascii: "]"): at += 1; return items
                default: throw failure("expected ',' or ']'")
                }
            }
        }

        /// A string: its bytes taken as they are up to the first escape, then decoded escape by escape.
        mutating func string() throws(Failure) -> String {
            at += 1
            let start = at
            while let byte = current, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") {
                guard byte >= 0x20 else { throw failure("control character in a string") }
                at += 1
            }
            guard current != nil else { throw failure("unterminated string") }
            var utf8 = Array(bytes[start..<at])
            while let byte = current, byte != UInt8(ascii: "\"") {
                if byte == UInt8(ascii: "\\") {
                    try escape(into: &utf8)
                } else {
                    guard byte >= 0x20 else { throw failure("control character in a string") }
                    utf8.append(byte)
                    at += 1
                }
            }
            guard current != nil else { throw failure("unterminated string") }
            at += 1
            guard let text = String(validating: utf8, as: UTF8.self) else { throw Failure(offset: start, reason: "a string is not UTF-8") }
            return text
        }

        /// One backslash escape, appended as UTF-8.
        mutating func escape(into utf8: inout [UInt8]) throws(Failure) {
            at += 1
            guard let letter = current else { throw failure("unterminated string") }
            at += 1
            switch letter {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(letter)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hexQuad()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard current == UInt8(ascii: "\\"), at + 1 < bytes.count, bytes[at + 1] == UInt8(ascii: "u") else {
                        throw failure("unpaired surrogate")
                    }
                    at += 2
                    let low = try hexQuad()
                    guard (0xDC00..<0xE000).contains(low) else { throw failure("unpaired surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw failure("unpaired surrogate")
                }
                utf8.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
            default: throw failure("unknown escape")
            }
        }

        /// Four hexadecimal digits.
        mutating func hexQuad() throws(Failure) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard let byte = current, let digit = Self.hexDigit(byte) else { throw failure("bad \\u escape") }
                value = value << 4 | digit
                at += 1
            }
            return value
        }

        static func hexDigit(_ byte: UInt8) -> UInt32? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
            default: nil
            }
        }

        /// A number: an NSNumber holding an Int when it is an integer that fits 64 bits, else a Double.
        mutating func number() throws(Failure) -> NSNumber {
            let start = at
            if current == UInt8(ascii: "-") { at += 1 }
            let integerStart = at
            try digits()
            guard bytes[integerStart] != UInt8(ascii: "0") || at - integerStart == 1 else { throw failure("leading zero in a number") }
            var integral = true
            if current == UInt8(ascii: ".") {
                integral = false
                at += 1
                try digits()
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                integral = false
                at += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { at += 1 }
                try digits()
            }
            let text = String(decoding: bytes[start..<at], as: UTF8.self)
            if integral, let value = Int(text) { return NSNumber(value: value) }
            guard let value = Double(text), value.isFinite else { throw Failure(offset: start, reason: "number out of range") }
            return NSNumber(value: value)
        }

        /// One or more decimal digits.
        mutating func digits() throws(Failure) {
            let start = at
            while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { at += 1 }
            guard at > start else { throw failure("expected a digit") }
        }
    }
}
