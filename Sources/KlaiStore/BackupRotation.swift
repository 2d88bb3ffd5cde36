import Foundation

/// A folder of dated backups, `klai-YYYY-MM-DD.sqlite`, thinned to the 7 newest days and, before those,
/// the newest backup of each of the 4 weeks before (weeks start on Monday, ISO 8601).
///
/// So a nightly timer keeps a week of daily restore points and about a month of weekly ones. Only files
/// named like a Klai backup are ever removed; anything else an admin puts in the folder is left alone.
struct BackupRotation {
    static let prefix = "klai-"
    static let suffix = ".sqlite"

    let folder: URL
    var dailyKept = 7
    var weeklyKept = 4

    /// The backup file for the local calendar day of `date` (the box's time zone: a school's day).
    func file(for date: Date) -> URL {
        let day = Calendar.current.dateComponents([.year, .month, .day], from: date)
        let name = String(format: "%@%04d-%02d-%02d%@", Self.prefix, day.year ?? 0, day.month ?? 0, day.day ?? 0,
                          Self.suffix)
        return folder.appendingPathComponent(name)
    }

    /// Removes the backups the policy no longer keeps.
    /// - Returns: the names removed.
    /// - Throws: when the folder cannot be listed or a file cannot be removed.
    func thin() throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let doomed = Self.namesToRemove(names, dailyKept: dailyKept, weeklyKept: weeklyKept)
        for name in doomed {
            try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        }
        return doomed
    }

    /// Of `names`, the dated backups outside the 7 newest days and the newest of each of the 4 weeks before.
    static func namesToRemove(_ names: [String], dailyKept: Int, weeklyKept: Int) -> [String] {
        let dated = names.compactMap { name in day(ofName: name).map { (name: name, day: $0) } }
            .sorted { $0.day > $1.day }
        let daily = dated.prefix(dailyKept)
        var weeksKept: [Int] = []
        var kept = Set(daily.map(\.name))
        for backup in dated.dropFirst(dailyKept) {
            let week = weekNumber(of: backup.day)
            if weeksKept.contains(week) { continue }
            guard weeksKept.count < weeklyKept else { break }
            weeksKept.append(week)
            kept.insert(backup.name)  // newest first, so the first seen of a week is its newest
        }
        return dated.map(\.name).filter { !kept.contains($0) }
    }

    /// The day a backup's name carries, as days since 1970-01-01 (so weeks are plain arithmetic); nil for
    /// any other file (including the hidden file a backup in progress writes).
    static func day(ofName name: String) -> Int? {
        guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return nil }
        let middle = name.dropFirst(prefix.count).dropLast(suffix.count)
        let parts = middle.split(separator: "-", omittingEmptySubsequences: false)
        guard middle.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        return daysFromCivil(year: year, month: month, day: day)
    }

    /// Monday-based week index: 1970-01-01 was a Thursday, so day 4 (1970-01-05) begins week 1.
    static func weekNumber(of day: Int) -> Int {
        (day + 3).quotientFloored(by: 7)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = y.quotientFloored(by: 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

extension Int {
    /// Division rounding towards minus infinity (Swift's `/` rounds towards zero).
    fileprivate func quotientFloored(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
