import Foundation
import Testing
import SAEKit

/// The hand-written JSON parser against Foundation's on every JSON fixture and on hard text, and its refusals.
@Suite struct JSONReaderTests {
    /// Where two parsed values first differ as JSON (strings, numbers with booleans apart, arrays, objects), or nil.
    static func difference(_ a: Any, _ b: Any, at path: String = "") -> String? {
        switch (a, b) {
        case let (a as String, b as String): return a == b ? nil : "\(path): \(a.debugDescription) vs \(b.debugDescription)"
        case (is NSNull, is NSNull): return nil
        case let (a as [Any], b as [Any]):
            guard a.count == b.count else { return "\(path): \(a.count) vs \(b.count) items" }
            return zip(a, b).enumerated().lazy.compactMap { difference($1.0, $1.1, at: "\(path)[\($0)]") }.first
        case let (a as [String: Any], b as [String: Any]):
            guard Set(a.keys) == Set(b.keys) else { return "\(path): keys \(a.keys.sorted()) vs \(b.keys.sorted())" }
            return a.keys.sorted().lazy.compactMap { difference(a[$0]!, b[$0]!, at: "\(path).\($0)") }.first
        case let (a as NSNumber, b as NSNumber):
            // Foundation's parser misses the nearest double by a few ulps at times (see `roundsNumbersCorrectly`).
            let (x, y) = (a.doubleValue, b.doubleValue)
            return isBoolean(a) == isBoolean(b) && abs(x - y) <= 1e-14 * max(abs(x), abs(y)) ? nil : "\(path): \(a.doubleValue.bitPattern) vs \(b.doubleValue.bitPattern)"
        default: return "\(path): \(type(of: a)) vs \(type(of: b))"
        }
    }

    static func isBoolean(_ number: NSNumber) -> Bool { String(cString: number.objCType) == "c" }

    static func parse(_ text: String) throws -> Any {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBytes { try JSONReader.parse($0) }
    }

    @Test func agreesWithFoundationOnEveryFixture() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "json" }
        #expect(files.count > 20)
        for file in files {
            let data = try Data(contentsOf: file)
            let expected = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            let parsed = try data.withUnsafeBytes { try JSONReader.parse($0) }
            #expect(Self.difference(parsed, expected) == nil, "\(file.path)")
        }
    }

    @Test func agreesWithFoundationOnHardText() throws {
        let texts = [
            #"{"a": [1, -0, 0.5, -1.25e-3, 1E+2, 12345678901234567890, 9007199254740993, true, false, null]}"#,
            #"["\u00e9\u4e2d\ud83d\ude00", "tab\tquote\"slash\/back\\", "\u0000\b\f\n\r", "ünïcödé 中文 😀", ""]"#,
            #"  {"nested": {"deeper": [[[], {}], [{"k": "v"}]]}, "dup": 1, "dup": 2}  "#,
            "[1.7976931348623157e308, 5e-324, 0.1, 123456789012345678]",
        ]
        for text in texts {
            let expected = try JSONSerialization.jsonObject(with: Data(text.utf8))
            #expect(Self.difference(try Self.parse(text), expected) == nil, "\(text)")
        }
    }

    /// Numbers parse to the nearest double, as Python's json and strtod give them (bits from Python's struct).
    @Test func roundsNumbersCorrectly() throws {
        let parsed = try #require(try Self.parse("[27.858752224463498, 0.1, 1e23, 2.2250738585072014e-308]") as? [NSNumber])
        #expect(parsed.map(\.doubleValue.bitPattern) == [4628534759315697695, 0x3FB9_9999_9999_999A, 0x44B5_2D02_C7E1_4AF6, 0x0010_0000_0000_0000])
    }

    @Test func refusesWhatIsNotJSON() {
        let bad = ["", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "01", "1.", "-", "1e", "tru", "nul", "\"abc", "\"\\x\"",
                   "\"\\ud83d\"", "\"\\ude00x\"", "\"a\u{01}b\"", "[1] 2", "{1: 2}", "1e400", "[\"\\u12G4\"]"]
        for text in bad {
            #expect(throws: JSONReader.Failure.self, "\(text.debugDescription)") { try Self.parse(text) }
        }
        #expect(throws: JSONReader.Failure.self) { try [0xFF, 0x22].withUnsafeBytes { _ = try JSONReader.parse($0) } }
        #expect(throws: JSONReader.Failure.self) { try Array("[\"\u{FF}".utf8.dropLast() + [0xC3, 0x28, 0x22, 0x5D]).withUnsafeBytes { _ = try JSONReader.parse($0) } }
    }

    @Test func boundsTheNesting() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONReader.Failure.self) { try Self.parse(deep) }
        let allowed = String(repeating: "[", count: JSONReader.maximumDepth) + String(repeating: "]", count: JSONReader.maximumDepth)
        #expect(try Self.parse(allowed) is [Any])
    }
}
