import Foundation
import KlaiStore
import KlaiText

/// A time of day in Thai local time, to the second; stored as `HH:MM` (or `HH:MM:SS` when seconds matter).
public struct TimeOfDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Seconds since midnight.
    public var seconds: Int

    public init(seconds: Int) { self.seconds = seconds }

    /// A checked time.
    public init?(hour: Int, minute: Int, second: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        self.seconds = hour * 3600 + minute * 60 + second
    }

    /// Parses `HH:MM`, `HH:MM:SS`, `HH.MM` or `HHMM`.
    public init?(parsing text: String) {
        let trimmed = text.trimmed(includingNewlines: false)
        let parts = trimmed.split(whereSeparator: { $0 == ":" || $0 == "." }).map(String.init)
        if parts.count == 1, trimmed.count == 4, let value = Int(trimmed) {
            self.init(hour: value / 100, minute: value % 100)
            return
        }
        guard (2...3).contains(parts.count), let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        let s = parts.count == 3 ? Int(parts[2]) : 0
        guard let s else { return nil }
        self.init(hour: h, minute: m, second: s)
    }

    /// The Thai time of day of an instant.
    public init(_ date: Date) {
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + LocalDate.thaiTimeZone.secondsFromGMT()
        self.seconds = ((local % 86_400) + 86_400) % 86_400
    }

    public var hour: Int { seconds / 3600 }
    public var minute: Int { seconds / 60 % 60 }
    public var second: Int { seconds % 60 }

    /// `HH:MM`, or `HH:MM:SS` when the seconds are not zero.
    public var description: String {
        second == 0 ? String(format: "%02d:%02d", hour, minute) : String(format: "%02d:%02d:%02d", hour, minute, second)
    }

    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { lhs.seconds < rhs.seconds }
}

extension TimeOfDay: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { .text(description) }
    public static func fromDatabaseValue(_ value: DatabaseValue) -> TimeOfDay? {
        guard case .text(let text) = value else { return nil }
        return TimeOfDay(parsing: text)
    }
}
