import KlaiStore

/// One period of the DLTV timetable: a channel's broadcast of one subject on one weekday of a term.
public struct TimetableSlot: Sendable, Hashable, Identifiable {
    public var id: Int64
    /// Channel code, e.g. `DLTV4`.
    public var channel: String
    public var termID: Int64
    /// ISO weekday, 1 = Monday.
    public var weekday: Int
    /// Period number (คาบ), 1-based.
    public var period: Int
    public var startsAt: TimeOfDay
    public var endsAt: TimeOfDay
    public var subject: String
    /// Learning-area letter when known.
    public var learningArea: String?
    /// True when the slot is sample data a school should check.
    public var isSample: Bool

    /// Length of the period in seconds.
    public var durationSeconds: Int { endsAt.seconds - startsAt.seconds }

    static let columns = "id, channel, term_id, weekday, period, starts_at, ends_at, subject, learning_area, sample"

    init(row: Row) throws {
        id = try row.get("id")
        channel = try row.get("channel")
        termID = try row.get("term_id")
        weekday = try row.get("weekday")
        period = try row.get("period")
        startsAt = try row.get("starts_at")
        endsAt = try row.get("ends_at")
        subject = try row.get("subject")
        learningArea = try row.get("learning_area")
        isSample = try row.get("sample")
    }
}
