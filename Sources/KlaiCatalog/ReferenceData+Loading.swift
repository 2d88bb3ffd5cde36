import Foundation
import KlaiStore

extension ReferenceData {
    /// File names inside a `Catalog/` folder.
    public static let fileNames = (
        grades: "grades.json", learningAreas: "learning-areas.json", channels: "channels.json",
        terms: "terms.json", timetable: "timetable.json", sampleLessons: "sample-lessons.json"
    )

    /// Reads and checks every reference file of a `Catalog/` folder (missing files are skipped).
    /// - Throws: `ManifestError` listing every problem (malformed JSON, overlapping periods, bad dates…).
    public static func read(folder: URL) throws(ManifestError) -> ReferenceData {
        var data = ReferenceData()
        var problems: [ManifestProblem] = []
        func load<T: Decodable>(_ name: String, _ type: T.Type) -> T? {
            let url = folder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { return nil }
            do {
                return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
            } catch {
                problems.append(ManifestProblem(file: url.path, record: nil, field: nil, message: JSONProblem.describe(error)))
                return nil
            }
        }
        data.grades = load(fileNames.grades, [GradeRecord].self) ?? []
        data.learningAreas = load(fileNames.learningAreas, [LearningAreaRecord].self) ?? []
        data.channels = load(fileNames.channels, [ChannelRecord].self) ?? []
        data.terms = load(fileNames.terms, [TermRecord].self) ?? []
        data.timetables = load(fileNames.timetable, [TimetableRecord].self) ?? []
        problems += data.validate(file: folder.appendingPathComponent(fileNames.timetable).path)
        guard problems.isEmpty else { throw ManifestError(problems: problems) }
        return data
    }

    static let weekdays = ["mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7]

    /// Problems a person must fix before this data can be loaded.
    func validate(file: String) -> [ManifestProblem] {
        var problems: [ManifestProblem] = []
        for (index, timetable) in timetables.enumerated() {
            func problem(_ field: String, _ message: String) {
                problems.append(
                    ManifestProblem(
                        file: file, record: index + 1, field: field,
                        message: "\(timetable.channel) \(timetable.term): \(message)"))
            }
            if TermKey(parsing: timetable.term) == nil { problem("term", "term must look like 1/2569, not '\(timetable.term)'") }
            var ranges: [(Int, TimeOfDay, TimeOfDay)] = []
            for (number, period) in timetable.periods.enumerated() {
                guard period.count == 2, let start = TimeOfDay(parsing: period[0]), let end = TimeOfDay(parsing: period[1]) else {
                    problem("periods[\(number + 1)]", "a period is [\"HH:MM\", \"HH:MM\"], not \(period)")
                    continue
                }
                if end <= start { problem("periods[\(number + 1)]", "period \(number + 1) ends (\(end)) before it starts (\(start))") }
                for (other, otherStart, otherEnd) in ranges where start < otherEnd && otherStart < end {
                    problem("periods[\(number + 1)]", "period \(number + 1) (\(start)–\(end)) overlaps period \(other) (\(otherStart)–\(otherEnd))")
                }
                ranges.append((number + 1, start, end))
            }
            for (day, subjects) in timetable.days {
                if Self.weekdays[day] == nil { problem("days.\(day)", "unknown weekday '\(day)' (use mon, tue, wed, thu, fri, sat, sun)") }
                if subjects.count > timetable.periods.count {
                    problem("days.\(day)", "\(subjects.count) subjects for \(timetable.periods.count) periods")
                }
            }
        }
        for term in terms {
            guard let start = LocalDate(parsing: term.startsOn), let end = LocalDate(parsing: term.endsOn) else {
                problems.append(
                    ManifestProblem(
                        file: file, record: nil, field: "terms", message: "term \(term.term)/\(term.academicYear) has a date that is not YYYY-MM-DD"))
                continue
            }
            if end < start {
                problems.append(
                    ManifestProblem(file: file, record: nil, field: "terms", message: "term \(term.term)/\(term.academicYear) ends before it starts"))
            }
        }
        return problems
    }
}

/// `1/2569` (term/academic year, either era).
struct TermKey: Hashable {
    var term: Int
    /// Gregorian.
    var academicYear: Int

    init?(parsing text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let term = Int(parts[0]), let year = Int(parts[1]), (1...2).contains(term) else { return nil }
        self.term = term
        self.academicYear = LocalDate.gregorianYear(year)
    }
}
