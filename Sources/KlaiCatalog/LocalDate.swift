import Foundation
import KlaiStore
import KlaiText

/// A calendar day in Thailand, Gregorian, stored as `YYYY-MM-DD`.
///
/// Input may give a Buddhist-Era year: any year ≥ 2400 is read as พ.ศ. and 543 is subtracted
/// (DOMAIN.md). Output is always Gregorian; screens convert to พ.ศ. themselves.
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Thailand has one time zone and no daylight saving time.
    public static let thaiTimeZone = TimeZone(identifier: "Asia/Bangkok") ?? TimeZone(secondsFromGMT: 7 * 3600)!

    /// A checked date.
    /// - Returns: nil when the day does not exist (31 June, 29 February of a common year).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` (also `YYYY/MM/DD` and `DD/MM/YYYY`); a year ≥ 2400 is Buddhist Era.
    public init?(parsing text: String) {
        let parts = text.trimmed(includingNewlines: false).split(whereSeparator: { $0 == "-" || $0 == "/" })
        guard parts.count == 3, let a = Int(parts[0]), let b = Int(parts[1]), let c = Int(parts[2]) else { return nil }
        let (y, m, d) = parts[0].count == 4 ? (a, b, c) : (c, b, a)
        guard parts[0].count == 4 || parts[2].count == 4 else { return nil }
        self.init(year: Self.gregorianYear(y), month: m, day: d)
    }

    /// True when `text` names its year in the Buddhist Era (≥ 2400).
    public static func isBuddhistYear(_ year: Int) -> Bool { year >= 2400 }

    /// The Gregorian year for a year written either way.
    public static func gregorianYear(_ year: Int) -> Int { isBuddhistYear(year) ? year - 543 : year }

    /// Seconds Thai time is ahead of UTC: +07:00 all year (Thailand has kept no daylight saving since 1920).
    public static let thaiUTCOffset = 7 * 3600

    /// The Thai calendar day of an instant.
    public init(_ date: Date) {
        self.init(daysSinceEpoch: Self.thaiDayAndSecond(of: date).day)
    }

    /// The Thai calendar day of an instant (days since 1970-01-01) and the second of that day, by arithmetic
    /// rather than through `Calendar` (pages ask this for every date they print). Instants beyond ±10¹¹ s
    /// (about the year ±5000) are pinned there: no clock gives them, and the conversion must not trap.
    public static func thaiDayAndSecond(of date: Date) -> (day: Int, second: Int) {
        let seconds = date.timeIntervalSince1970
        let pinned = seconds.isFinite ? min(max(seconds, -1e11), 1e11) : 0
        let local = Int(pinned.rounded(.down)) + thaiUTCOffset
        let day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        return (day, local - day * 86_400)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    /// The Buddhist-Era year, for Thai screens.
    public var buddhistYear: Int { year + 543 }

    /// The academic year (ปีการศึกษา, Buddhist) this day falls in: it starts on 16 May (DOMAIN.md).
    public var academicYear: Int {
        month > 5 || (month == 5 && day >= 16) ? buddhistYear : buddhistYear - 1
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int {
        // Days since 1970-01-01 (a Thursday, ISO 4).
        let days = daysSinceEpoch
        return ((days % 7) + 7 + 3) % 7 + 1
    }

    /// The day `count` days later (earlier when negative).
    public func adding(days count: Int) -> LocalDate {
        Self(daysSinceEpoch: daysSinceEpoch + count)
    }

    /// Midnight at the start of this day, Thai time.
    public var startInstant: Date {
        Date(timeIntervalSince1970: TimeInterval(daysSinceEpoch * 86_400) - TimeInterval(Self.thaiTimeZone.secondsFromGMT()))
    }

    /// Days since 1970-01-01 (civil-from-days algorithm by Howard Hinnant).
    var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The day `days` days after 1970-01-01 (days-from-civil's inverse, by Howard Hinnant).
    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

extension LocalDate: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { .text(description) }
    public static func fromDatabaseValue(_ value: DatabaseValue) -> LocalDate? {
        guard case .text(let text) = value else { return nil }
        return LocalDate(parsing: text)
    }
}

extension LocalDate: Codable {
    /// Encoded as its `YYYY-MM-DD` text, the same form as in storage.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = LocalDate(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a YYYY-MM-DD day")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
