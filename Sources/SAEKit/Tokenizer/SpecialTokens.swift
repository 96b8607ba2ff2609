/// The special tokens of a vocabulary (control, user-defined, unknown) and how llama.cpp cuts them out of text:
/// the longest token first over the whole text, each token's occurrences left to right within what is still text.
/// User-defined tokens are always cut out; control and unknown tokens only when asked.
struct SpecialTokens {
    /// A piece of the partitioned text.
    enum Segment { case text(Substring), special(Int) }

    private struct Candidate {
        let bytes: [UInt8]
        let id: Int
        let alwaysMatched: Bool
    }

    /// Candidates by their first byte, each list longest first.
    private let byFirstByte: [[Candidate]]
    /// Whether any candidate is always matched (user-defined), and whether any exists at all.
    private let hasAlwaysMatched: Bool, isEmpty: Bool

    /// The special tokens of `tokens` by their GGUF `types`.
    init(tokens: [String], types: [Int]) {
        var lists = [[Candidate]](repeating: [], count: 256)
        var always = false, any = false
        for (id, type) in types.enumerated() where [2, 3, 4].contains(type) && !tokens[id].isEmpty {
            let bytes = Array(tokens[id].utf8)
            lists[Int(bytes[0])].append(Candidate(bytes: bytes, id: id, alwaysMatched: type == 4))
            always = always || type == 4
            any = true
        }
        byFirstByte = lists.map { $0.sorted { $0.bytes.count != $1.bytes.count ? $0.bytes.count > $1.bytes.count : $0.id < $1.id } }
        hasAlwaysMatched = always
        isEmpty = !any
    }

    /// `text` as special tokens and the text between them; control tokens are matched when `includingControl`.
    func partition(_ text: String, includingControl: Bool) -> [Segment] {
        guard !isEmpty, includingControl || hasAlwaysMatched else { return [.text(text[...])] }
        let utf8 = Array(text.utf8)
        // Every place a candidate occurs, grouped by the candidate, in the order llama.cpp tries them.
        var occurrences: [(length: Int, id: Int, starts: [Int])] = []
        var found: [Int: Int] = [:]
        for position in utf8.indices {
            for candidate in byFirstByte[Int(utf8[position])] where (includingControl || candidate.alwaysMatched)
                && candidate.bytes.count <= utf8.count - position
                && utf8[position..<(position + candidate.bytes.count)].elementsEqual(candidate.bytes) {
                if let slot = found[candidate.id] {
                    occurrences[slot].starts.append(position)
                } else {
                    found[candidate.id] = occurrences.count
                    occurrences.append((candidate.bytes.count, candidate.id, [position]))
                }
            }
        }
        guard !occurrences.isEmpty else { return [.text(text[...])] }
        occurrences.sort { $0.length != $1.length ? $0.length > $1.length : $0.id < $1.id }
        // Claim spans longest token first; an occurrence counts only where all its bytes are still text.
        var claimed = [Bool](repeating: false, count: utf8.count)
        var claims: [Int: (id: Int, length: Int)] = [:]
        for occurrence in occurrences {
            var free = 0
            for start in occurrence.starts where start >= free {
                let span = start..<(start + occurrence.length)
                guard span.allSatisfy({ !claimed[$0] }) else { continue }
                for i in span { claimed[i] = true }
                claims[start] = (occurrence.id, occurrence.length)
                free = span.upperBound
            }
        }
        var segments: [Segment] = []
        var position = 0, textStart = 0
        while position < utf8.count {
            guard let claim = claims[position] else {
                position += 1
                continue
            }
            if textStart < position { segments.append(.text(Substring(decoding: utf8[textStart..<position], as: UTF8.self))) }
            segments.append(.special(claim.id))
            position += claim.length
            textStart = position
        }
        if textStart < utf8.count { segments.append(.text(Substring(decoding: utf8[textStart..<utf8.count], as: UTF8.self))) }
        return segments
    }
}
