import Foundation
import KlaiStore

extension ReferenceData {
    /// Upserts everything into `db` inside one transaction: loading the same data twice changes nothing.
    ///
    /// Uses `INSERT … ON CONFLICT DO UPDATE` (https://sqlite.org/lang_upsert.html) so ids of terms and
    /// slots stay stable for the rows that refer to them.
    /// - Throws: `ManifestError` when a record names an unknown grade, channel or term; the database is unchanged.
    public func write(into db: Database) throws {
        try db.transaction {
            for (ordinal, grade) in grades.enumerated() {
                try db.execute(
                    """
                    INSERT INTO grade (code, name_th, name_en, level, ordinal) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (code) DO UPDATE SET name_th = excluded.name_th, name_en = excluded.name_en,
                        level = excluded.level, ordinal = excluded.ordinal
                    """, [grade.code, grade.th, grade.en, grade.level, ordinal + 1])
            }
            for (ordinal, area) in learningAreas.enumerated() {
                try db.execute(
                    """
                    INSERT INTO learning_area (code, name_th, name_en, indicator_letter, ordinal) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (code) DO UPDATE SET name_th = excluded.name_th, name_en = excluded.name_en,
                        indicator_letter = excluded.indicator_letter, ordinal = excluded.ordinal
                    """, [area.code, area.th, area.en, area.indicatorLetter, ordinal + 1])
            }
            for channel in channels {
                try db.execute(
                    """
                    INSERT INTO channel (code, number, name, sample) VALUES (?, ?, ?, ?)
                    ON CONFLICT (code) DO UPDATE SET number = excluded.number, name = excluded.name, sample = excluded.sample
                    """, [channel.code, channel.number, channel.name, channel.sample ?? false])
                try db.execute("DELETE FROM channel_grade WHERE channel = ?", [channel.code])
                for mapping in channel.grades {
                    try db.execute(
                        "INSERT INTO channel_grade (channel, grade, valid_from, valid_to, sample) VALUES (?, ?, ?, ?, ?)",
                        [
                            channel.code, mapping.grade, LocalDate(parsing: mapping.validFrom),
                            mapping.validTo.flatMap(LocalDate.init(parsing:)), mapping.sample ?? channel.sample ?? false
                        ])
                }
            }
            for term in terms {
                try db.execute(
                    """
                    INSERT INTO term (academic_year, term, starts_on, ends_on, sample) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (academic_year, term) DO UPDATE SET starts_on = excluded.starts_on,
                        ends_on = excluded.ends_on, sample = excluded.sample
                    """,
                    [
                        LocalDate.gregorianYear(term.academicYear), term.term, LocalDate(parsing: term.startsOn),
                        LocalDate(parsing: term.endsOn), term.sample ?? false
                    ])
            }
            try writeTimetables(into: db)
        }
    }

    private func writeTimetables(into db: Database) throws {
        let areaByName = Dictionary(
            try db.fetchAll("SELECT code, name_th FROM learning_area").map { (try $0.get("name_th") as String, try $0.get("code") as String) },
            uniquingKeysWith: { first, _ in first })
        var problems: [ManifestProblem] = []
        for (index, timetable) in timetables.enumerated() {
            guard let key = TermKey(parsing: timetable.term),
                let termID: Int64 = try db.scalar(
                    "SELECT id FROM term WHERE academic_year = ? AND term = ?",
                    [key.academicYear, key.term])
            else {
                problems.append(
                    ManifestProblem(
                        file: ReferenceData.fileNames.timetable, record: index + 1, field: "term",
                        message: "term \(timetable.term) is not in terms.json"))
                continue
            }
            let channelKnown = try db.scalar("SELECT count(*) FROM channel WHERE code = ?", [timetable.channel], as: Int.self) ?? 0
            guard channelKnown > 0 else {
                problems.append(
                    ManifestProblem(
                        file: ReferenceData.fileNames.timetable, record: index + 1, field: "channel",
                        message: "unknown channel \(timetable.channel)"))
                continue
            }
            try db.execute("DELETE FROM timetable_slot WHERE channel = ? AND term_id = ?", [timetable.channel, termID])
            for (day, subjects) in timetable.days {
                guard let weekday = Self.weekdays[day] else { continue }
                for (number, subject) in subjects.enumerated() {
                    guard let subject, !subject.isEmpty else { continue }
                    let period = timetable.periods[number]
                    let area = areaByName[subject] ?? areaByName.first { subject.hasPrefix($0.key) }?.value
                    try db.execute(
                        """
                        INSERT INTO timetable_slot (channel, term_id, weekday, period, starts_at, ends_at, subject, learning_area, sample)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                        [
                            timetable.channel, termID, weekday, number + 1, TimeOfDay(parsing: period[0]),
                            TimeOfDay(parsing: period[1]), subject, area, timetable.sample ?? false
                        ])
                }
            }
        }
        if !problems.isEmpty { throw ManifestError(problems: problems) }
    }
}
