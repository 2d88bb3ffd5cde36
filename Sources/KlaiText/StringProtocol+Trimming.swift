/// Shared by every reader of text from outside (manifests, rosters), so they trim the same way.
extension StringProtocol {
    /// The text without white space at either end.
    ///
    /// Foundation's `trimmingCharacters(in:)` goes through NSString on Linux and was a third of the CPU
    /// time of checking a manifest; most values have nothing to trim and are returned as they are.
    /// - Parameter includingNewlines: true trims like `.whitespacesAndNewlines`, false like `.whitespaces`
    ///   (Unicode White_Space without the line and paragraph separators).
    public func trimmed(includingNewlines: Bool = true) -> String {
        let scalars = unicodeScalars
        func isTrimmed(_ scalar: Unicode.Scalar) -> Bool {
            guard scalar.properties.isWhitespace else { return false }
            if includingNewlines { return true }
            switch scalar.value {
            case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return false
            default: return true
            }
        }
        guard let first = scalars.first, let last = scalars.last else { return "" }
        if !isTrimmed(first) && !isTrimmed(last) { return String(self) }
        guard let start = scalars.firstIndex(where: { !isTrimmed($0) }),
            let end = scalars.lastIndex(where: { !isTrimmed($0) })
        else { return "" }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars[start...end])
        return result
    }
}
