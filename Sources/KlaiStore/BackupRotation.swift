import Foundation

/// A folder of dated backups, `klai-YYYY-MM-DD.sqlite`, thinned to the 7 newest days and, before those,
/// the newest backup of each of the 4 weeks before (weeks start on Monday, ISO 8601).
///
/// So a nightly timer keeps a week of daily restore points and about a month of weekly ones. Only files
/// named like a Klai backup are ever removed; anything else an admin puts in the folder is left alone.
/// `klai backup --rotate` (the nightly timer) and the admin page's "Back up now" both write through
/// `backUp(databasePath:at:)`, so they share one folder, one naming and one rotation.
public struct BackupRotation: Sendable {
    static let prefix = "klai-"
    static let suffix = ".sqlite"

    public let folder: URL
    var dailyKept = 7
    var weeklyKept = 4

    public init(folder: URL) {
        self.folder = folder
    }

    /// What one backup made: the checked file and the names rotation removed.
    public struct Outcome: Sendable {
        public var path: String
        public var bytes: Int64
        public var duration: Duration
        public var removed: [String]
        /// Why older backups could not be thinned; the new copy stands regardless.
        public var thinningProblem: String?
    }

    /// Backs up the database at `databasePath` into today's file (`file(for: date)`), checked, then thins.
    /// - Throws: `BackupFailure` (or the database's error) when no checked copy was made; an older copy of
    ///   the same day is then left untouched.
    public func backUp(databasePath: String, at date: Date = Date(), busyTimeout: Duration = .seconds(5)) throws -> Outcome {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let copy = try Self.checkedCopy(of: databasePath, to: file(for: date).path, busyTimeout: busyTimeout)
        var outcome = Outcome(path: copy.path, bytes: copy.bytes, duration: copy.duration, removed: [], thinningProblem: nil)
        do {
            outcome.removed = try thin()
        } catch {
            outcome.thinningProblem = BackupFailure.sentence(for: error)
        }
        return outcome
    }

    /// Copies the database into `destination` by way of a hidden file in the same folder, which replaces
    /// `destination` (rename(2), atomic) only once the copy is checked: a failed copy never overwrites a
    /// good backup of the same day.
    public static func checkedCopy(of databasePath: String, to destination: String, busyTimeout: Duration = .seconds(5)) throws
        -> (path: String, bytes: Int64, duration: Duration)
    {
        let target = URL(fileURLWithPath: destination)
        let staging = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).checking").path
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let report = try Database(path: databasePath, mode: .readOnly, busyTimeout: busyTimeout).backup(to: staging)
        guard report.isIntact else {
            throw BackupFailure(
                "the integrity check of the copy found problems: "
                    + report.integrityProblems.prefix(5).joined(separator: "; "))
        }
        guard rename(staging, destination) == 0 else {
            throw BackupFailure("cannot rename the checked copy to \(destination): \(String(cString: strerror(errno)))")
        }
        return (destination, report.bytes, report.duration)
    }

    /// The backup file for the local calendar day of `date` (the box's time zone: a school's day).
    public func file(for date: Date) -> URL {
        let day = Calendar.current.dateComponents([.year, .month, .day], from: date)
        let name = String(
            format: "%@%04d-%02d-%02d%@", Self.prefix, day.year ?? 0, day.month ?? 0, day.day ?? 0,
            Self.suffix)
        return folder.appendingPathComponent(name)
    }

    /// Removes the backups the policy no longer keeps.
    /// - Returns: the names removed.
    /// - Throws: when the folder cannot be listed or a file cannot be removed.
    public func thin() throws -> [String] {
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

/// Why a backup was not made, said in a sentence.
public struct BackupFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }

    /// A sentence for any error a backup meets (Foundation's file errors carry the system's reason).
    public static func sentence(for error: any Error) -> String {
        if let failure = error as? BackupFailure { return failure.description }
        if let error = error as? CocoaError {
            let path = error.filePath.map { " (\($0))" } ?? ""
            let underlying = (error.userInfo[NSUnderlyingErrorKey] as? NSError)?.localizedDescription
            return (underlying ?? error.localizedDescription) + path
        }
        return "\(error)"
    }
}

extension Int {
    /// Division rounding towards minus infinity (Swift's `/` rounds towards zero).
    fileprivate func quotientFloored(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
