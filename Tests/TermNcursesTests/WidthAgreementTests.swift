import CNcursesW
import Testing
import TermKit

/// ncurses places characters by the C library's wcwidth; the buffer's widths must agree with it or frames shear.
@Suite struct WidthAgreementTests {
    @Test func displayWidthAgreesWithWcwidth() {
        setlocale(LC_ALL, "C.UTF-8")
        var disagreements: [String] = []
        for value in UInt32(0x20)...UInt32(0x3FFFF) {
            guard let scalar = Unicode.Scalar(value), let age = scalar.properties.age, age.major <= 15 else { continue }
            switch scalar.properties.generalCategory {
            case .unassigned, .privateUse, .surrogate: continue
            default: break
            }
            // Regional indicators pair into two-column flags; U+1171E is a spacing mark wcwidth calls zero-width.
            if (0x1F1E6...0x1F1FF).contains(value) || value == 0x1171E { continue }
            let expected = wcwidth(wchar_t(bitPattern: value))
            if expected >= 0, Int(expected) != DisplayWidth.of(scalar) {
                disagreements.append(String(value, radix: 16) + ": wcwidth \(expected), DisplayWidth \(DisplayWidth.of(scalar))")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(20))")
    }
}
