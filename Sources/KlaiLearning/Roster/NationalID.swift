/// A Thai national ID (13 digits with a check digit) or, for pupils without one, a G-code (`G` + 12 digits).
///
/// Personal data: `description` is masked, so printing one by accident never leaks it; the full value
/// is `digits`, read only to store it and to show it to an admin (audited).
public struct NationalID: Sendable, Hashable, CustomStringConvertible {
    /// The full value as stored: 13 digits, or `G` and 12 digits.
    public let digits: String

    /// Validates `text` (dashes and spaces ignored); nil when it is neither a valid ID nor a G-code.
    public init?(_ text: String) {
        let compact = text.filter { $0 != "-" && $0 != " " }.uppercased()
        if compact.count == 13, compact.first == "G", compact.dropFirst().allSatisfy(\.isASCIIDigit) {
            digits = compact
            return
        }
        guard compact.count == 13, compact.allSatisfy(\.isASCIIDigit) else { return nil }
        let values = compact.map { Int(String($0))! }
        guard Self.checkDigit(values) == values[12] else { return nil }
        digits = compact
    }

    /// DOMAIN.md: check digit = (11 − (Σ dᵢ·(14−i) for i = 1…12) mod 11) mod 10.
    static func checkDigit(_ d: [Int]) -> Int {
        let sum = (0..<12).reduce(0) { $0 + d[$1] * (13 - $1) }
        return (11 - sum % 11) % 10
    }

    /// True for a G-code (a pupil without a national ID).
    public var isGCode: Bool { digits.first == "G" }

    /// Shown to everyone but admins: `1-2345-xxxxx-xx-1` (first five and last digit only).
    public var masked: String {
        let chars = Array(digits)
        return "\(chars[0])-\(String(chars[1...4]))-xxxxx-xx-\(chars[12])"
    }

    /// Shown to admins: `1-2345-67890-12-1`.
    public var formatted: String {
        let chars = Array(digits)
        return "\(chars[0])-\(String(chars[1...4]))-\(String(chars[5...9]))-\(String(chars[10...11]))-\(chars[12])"
    }

    /// Masked, never the full value.
    public var description: String { masked }
}
