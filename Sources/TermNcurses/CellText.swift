import CNcursesW

/// What to hand ncurses for a cell's grapheme, so that ncurses (which sizes characters by wcwidth) and the frame
/// agree on columns: one spacing character plus the zero-width ones after it (up to a zero-width joiner), split over
/// two columns when the frame gives the grapheme two but wcwidth gives its first character one (U+FE0F emoji, flags).
public enum CellText {
    /// The code points to draw in each column the grapheme covers (`width` 1 or 2); at most CCHARW_MAX per column.
    /// Widths come from wcwidth, so the locale must be set (the terminal sets it on start).
    public static func columns(_ symbol: String, width: Int) -> [[UInt32]] {
        let scalars = symbol.unicodeScalars.map(\.value)
        guard let first = scalars.first else { return [[0x20]] }
        var base = [first]
        var rest = scalars.dropFirst()
        // A trailing joiner would make the terminal glue the next cell's character on: a sequence stops before it.
        while let next = rest.first, next != 0x200D, wcwidth(wchar_t(bitPattern: next)) == 0, base.count < Int(CCHARW_MAX) {
            base.append(next)
            rest = rest.dropFirst()
        }
        guard width == 2, wcwidth(wchar_t(bitPattern: first)) == 1 else { return [base] }
        // The first character takes one column: fill the second with a flag's second half, or a space.
        if let next = rest.first, (0x1F1E6...0x1F1FF).contains(next) { return [base.filter { $0 != 0xFE0F }, [next]] }
        return [base.filter { $0 != 0xFE0F }, [0x20]]
    }
}
