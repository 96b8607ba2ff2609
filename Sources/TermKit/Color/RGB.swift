/// A 24-bit colour.
public struct RGB: Hashable, Sendable, CustomStringConvertible {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    /// Creates a colour from its three channels.
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// Parses `#rrggbb` or `#rgb` (the `#` is optional); nil when malformed.
    public init?(hex text: String) {
        var digits = Substring(text)
        if digits.hasPrefix("#") { digits = digits.dropFirst() }
        guard digits.allSatisfy(\.isHexDigit) else { return nil }
        if digits.count == 3 {
            let values = digits.map { UInt8(String($0), radix: 16)! * 17 }
            self.init(values[0], values[1], values[2])
        } else if digits.count == 6, let value = UInt32(digits, radix: 16) {
            self.init(UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF))
        } else {
            return nil
        }
    }

    /// The colour a fraction `t` (0…1) of the way from `self` to `other`.
    public func mix(_ other: RGB, _ t: Double) -> RGB {
        let t = min(1, max(0, t))
        func channel(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded()) }
        return RGB(channel(r, other.r), channel(g, other.g), channel(b, other.b))
    }

    /// Perceived brightness from 0 to 1 (Rec. 601 luma).
    public var luma: Double { (0.299 * Double(r) + 0.587 * Double(g) + 0.114 * Double(b)) / 255 }

    /// Squared distance weighted towards green, as the eye is.
    public func distance(to other: RGB) -> Int {
        let dr = Int(r) - Int(other.r), dg = Int(g) - Int(other.g), db = Int(b) - Int(other.b)
        return 3 * dr * dr + 4 * dg * dg + 2 * db * db
    }

    public var description: String {
        "#" + [r, g, b].map { let s = String($0, radix: 16); return s.count == 1 ? "0" + s : s }.joined()
    }
}
