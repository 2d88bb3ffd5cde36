import Foundation
import KlaiStore

/// The DLTV timetable: which period a channel (or a grade) broadcasts at a given date and time.
///
/// KlaiLearning matches class screenings to slots with `slot(channel:date:time:in:)` and
/// `slot(grade:date:time:in:)`; ingest splits recordings with `slots(channel:on:in:)`.
public enum Timetable {
    /// The term containing `date`, if any.
    public static func term(containing date: LocalDate, in db: Database) throws -> Term? {
        try db.fetchOne(
            """
            SELECT \(Term.columns) FROM term WHERE starts_on <= ?1 AND ends_on >= ?1 ORDER BY starts_on DESC LIMIT 1
            """, [date]
        ).map(Term.init(row:))
    }

    /// Every slot of `channel` on `date` (by the term and weekday of that date), in period order.
    /// Empty when the date is outside every term or the channel broadcasts nothing that weekday.
    public static func slots(channel: String, on date: LocalDate, in db: Database) throws -> [TimetableSlot] {
        guard let term = try term(containing: date, in: db) else { return [] }
        return try db.fetchAll(
            """
            SELECT \(TimetableSlot.columns) FROM timetable_slot
            WHERE channel = ? AND term_id = ? AND weekday = ? ORDER BY period
            """, [channel, term.id, date.weekday]
        ).map(TimetableSlot.init(row:))
    }

    /// The slot of `channel` that is on air at `time` on `date`, or nil between periods.
    /// - Parameter tolerance: seconds a time may fall outside a slot and still match it (broadcast drift).
    public static func slot(
        channel: String, date: LocalDate, time: TimeOfDay, tolerance: Int = 0,
        in db: Database
    ) throws -> TimetableSlot? {
        let slots = try slots(channel: channel, on: date, in: db)
        if let exact = slots.first(where: { $0.startsAt <= time && time < $0.endsAt }) { return exact }
        return slots.first { $0.startsAt.seconds - tolerance <= time.seconds && time.seconds < $0.endsAt.seconds + tolerance }
    }

    /// The slot at an instant, in Thai time.
    public static func slot(channel: String, at instant: Date, tolerance: Int = 0, in db: Database) throws -> TimetableSlot? {
        try slot(channel: channel, date: LocalDate(instant), time: TimeOfDay(instant), tolerance: tolerance, in: db)
    }

    /// The channel broadcasting for `grade` on `date` (mapping valid that day), or nil.
    public static func channel(for grade: String, on date: LocalDate, in db: Database) throws -> String? {
        try db.scalar(
            """
            SELECT channel FROM channel_grade
            WHERE grade = ?1 AND valid_from <= ?2 AND (valid_to IS NULL OR valid_to >= ?2)
            ORDER BY valid_from DESC LIMIT 1
            """, [grade, date])
    }

    /// The grade a channel broadcasts for on `date`, or nil.
    public static func grade(for channel: String, on date: LocalDate, in db: Database) throws -> String? {
        try db.scalar(
            """
            SELECT grade FROM channel_grade
            WHERE channel = ?1 AND valid_from <= ?2 AND (valid_to IS NULL OR valid_to >= ?2)
            ORDER BY valid_from DESC LIMIT 1
            """, [channel, date])
    }

    /// The slot of the channel serving `grade` that is on air at `time` on `date`.
    public static func slot(
        grade: String, date: LocalDate, time: TimeOfDay, tolerance: Int = 0,
        in db: Database
    ) throws -> TimetableSlot? {
        guard let channel = try channel(for: grade, on: date, in: db) else { return nil }
        return try slot(channel: channel, date: date, time: time, tolerance: tolerance, in: db)
    }
}
