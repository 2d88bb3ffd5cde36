/// A grade of Thai basic education: อ.1–อ.3, ป.1–ป.6, ม.1–ม.6 (DOMAIN.md).
public struct Grade: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The level of schooling.
    public enum Level: Int, Sendable, Comparable {
        case kindergarten, primary, secondary
        var thaiPrefix: String { ["อ.", "ป.", "ม."][rawValue] }
        var codePrefix: String { ["K", "P", "M"][rawValue] }
        var count: Int { self == .kindergarten ? 3 : 6 }
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    public let level: Level
    public let year: Int

    public init?(level: Level, year: Int) {
        guard (1...level.count).contains(year) else { return nil }
        self.level = level
        self.year = year
    }

    /// Reads the forms found in DMC exports and typed by people: `ป.4`, `ป4`, `ประถมศึกษาปีที่ 4`,
    /// `P4`, `อ.1`, `อนุบาล 1`, `K1`, `ม.1`, `มัธยมศึกษาปีที่ 1`, `M1`.
    public init?(parsing text: String) {
        let compact = text.filter { !$0.isWhitespace && $0 != "." }.uppercased()
        let prefixes: [(String, Level)] = [
            ("ประถมศึกษาปีที่", .primary), ("มัธยมศึกษาปีที่", .secondary), ("อนุบาลปีที่", .kindergarten),
            ("อนุบาล", .kindergarten), ("ป", .primary), ("ม", .secondary), ("อ", .kindergarten),
            ("P", .primary), ("M", .secondary), ("K", .kindergarten)
        ]
        for (prefix, level) in prefixes where compact.hasPrefix(prefix) {
            guard let year = Int(compact.dropFirst(prefix.count)) else { return nil }
            self.init(level: level, year: year)
            return
        }
        return nil
    }

    /// The stored form, the catalog's `grade.code`: `K1`…`K3`, `P1`…`P6`, `M1`…`M6`.
    public var code: String { level.codePrefix + String(year) }
    /// The Thai form shown on screens, e.g. `ป.4`.
    public var thai: String { level.thaiPrefix + String(year) }
    public var description: String { thai }

    /// อ.1–ป.3: the grades for which a school may allow picture-password sign-in.
    public var isEarlyYears: Bool { level == .kindergarten || (level == .primary && year <= 3) }

    public static func < (a: Grade, b: Grade) -> Bool { (a.level, a.year) < (b.level, b.year) }
}
