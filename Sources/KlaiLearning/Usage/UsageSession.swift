import Foundation
import KlaiStore

/// A class screening: a teacher playing a lesson for a class on the classroom screen.
public struct UsageSession: Sendable, Equatable {
    /// Where the lesson came from.
    public enum Source: String, Sendable { case dltvLive = "dltv_live", dltvRecorded = "dltv_recorded", dlit, local }

    public var id: Int64
    public var teacherID: Int64
    public var classID: Int64
    public var itemID: Int64
    public var source: Source
    public var startedAt: Date
    /// The last event's time: a session left open by a closed browser ends there.
    public var endedAt: Date
    public var secondsPlayed: Double
    public var timetableSlotID: Int64?
    public var matchedTimetable: Bool
    public var attendance: Int?

    init(row: Row) throws {
        id = try row.get("id")
        teacherID = try row.get("teacher_id")
        classID = try row.get("class_id")
        itemID = try row.get("item_id")
        source = Source(rawValue: try row.get("source")) ?? .local
        startedAt = Date(timeIntervalSince1970: try row.get("started_at"))
        endedAt = Date(timeIntervalSince1970: try row.get("ended_at"))
        secondsPlayed = try row.get("seconds_played")
        timetableSlotID = try row.get("timetable_slot_id")
        matchedTimetable = try row.get("matched_timetable")
        attendance = try row.get("attendance")
    }

    /// A class's screenings in a time range, oldest first.
    public static func forClass(_ db: Database, classID: Int64, from: Date, to: Date) throws -> [UsageSession] {
        try db.fetchAll(
            """
            SELECT * FROM learning_usage_session WHERE class_id = ? AND started_at >= ? AND started_at < ? ORDER BY started_at
            """, [classID, from.timeIntervalSince1970, to.timeIntervalSince1970]
        ).map(UsageSession.init(row:))
    }

    /// A teacher's screenings in a time range, oldest first.
    public static func forTeacher(_ db: Database, teacherID: Int64, from: Date, to: Date) throws -> [UsageSession] {
        try db.fetchAll(
            """
            SELECT * FROM learning_usage_session WHERE teacher_id = ? AND started_at >= ? AND started_at < ? ORDER BY started_at
            """, [teacherID, from.timeIntervalSince1970, to.timeIntervalSince1970]
        ).map(UsageSession.init(row:))
    }

    /// Records how many pupils watched (by the teacher who screened it, or an admin).
    public static func setAttendance(_ db: Database, by principal: Principal, sessionID: Int64, count: Int) throws {
        try principal.requireNoPasswordChangeDue()
        guard count >= 0 else { throw LearningError.invalid("attendance cannot be negative") }
        guard let teacher = try db.scalar("SELECT teacher_id FROM learning_usage_session WHERE id = ?", [sessionID], as: Int64.self) else {
            throw LearningError.notFound("no screening \(sessionID)")
        }
        guard teacher == principal.userID || principal.holds(.admin) else {
            throw LearningError.forbidden("only the teacher who screened the lesson records its attendance")
        }
        try db.execute("UPDATE learning_usage_session SET attendance = ? WHERE id = ?", [count, sessionID])
    }
}
