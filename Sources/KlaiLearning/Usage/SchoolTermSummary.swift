import Foundation
import KlaiStore

/// What a supervisor sees for one school over a term: screenings and pupils' learning.
///
/// Read from the summary tables (never the raw events), with indexes by school and time, so it stays
/// fast however many events were stored.
public struct SchoolTermSummary: Sendable, Equatable {
    public var schoolID: Int64
    public var screenings = 0
    public var hoursScreened = 0.0
    /// Share of screenings that matched the class's timetable period (0…1).
    public var matchedTimetableShare = 0.0
    public var screeningsBySource: [String: Int] = [:]
    public var teachersScreening = 0
    public var classesScreened = 0
    public var averageAttendance: Double?
    public var pupilsActive = 0
    public var itemsCompleted = 0
    public var hoursWatchedByPupils = 0.0
    public var averageCoverage = 0.0

    /// Computes the summary for `schoolID` between `from` and `to`.
    /// - Throws: `LearningError.forbidden` when `viewer` may not see the school's usage.
    public static func compute(_ db: Database, schoolID: Int64, from: Date, to: Date, viewer: Principal) throws -> SchoolTermSummary {
        guard Authorization.may(viewer, .viewUsage, .school(id: schoolID)) else {
            throw LearningError.forbidden("you may not see this school's usage")
        }
        var summary = SchoolTermSummary(schoolID: schoolID)
        let range: [(any DatabaseValueConvertible)?] = [schoolID, from.timeIntervalSince1970, to.timeIntervalSince1970]
        if let row = try db.fetchOne(
            """
            SELECT count(*) AS n, total(seconds_played) AS seconds, total(matched_timetable) AS matched,
                count(DISTINCT teacher_id) AS teachers, count(DISTINCT class_id) AS classes, avg(attendance) AS attendance
            FROM learning_usage_session WHERE school_id = ? AND started_at >= ? AND started_at < ?
            """, range)
        {
            summary.screenings = try row.get("n")
            summary.hoursScreened = try row.get("seconds", as: Double.self) / 3600
            summary.matchedTimetableShare = summary.screenings > 0 ? try row.get("matched", as: Double.self) / Double(summary.screenings) : 0
            summary.teachersScreening = try row.get("teachers")
            summary.classesScreened = try row.get("classes")
            summary.averageAttendance = try row.get("attendance")
        }
        for row in try db.fetchAll(
            """
            SELECT source, count(*) AS n FROM learning_usage_session WHERE school_id = ? AND started_at >= ? AND started_at < ?
            GROUP BY source
            """, range)
        {
            summary.screeningsBySource[try row.get("source")] = try row.get("n")
        }
        if let row = try db.fetchOne(
            """
            SELECT count(DISTINCT p.user_id) AS pupils,
                count(CASE WHEN p.completed_at >= ?2 AND p.completed_at < ?3 THEN 1 END) AS completed,
                total(p.time_spent) AS seconds, avg(p.coverage) AS coverage
            FROM learning_student s JOIN learning_progress p ON p.user_id = s.user_id
            WHERE s.school_id = ?1 AND p.last_activity >= ?2 AND p.first_activity < ?3
            """, range)
        {
            summary.pupilsActive = try row.get("pupils")
            summary.itemsCompleted = try row.get("completed")  // an integer count: no conversion from Double
            summary.hoursWatchedByPupils = try row.get("seconds", as: Double.self) / 3600
            summary.averageCoverage = (try row.get("coverage", as: Double?.self)) ?? 0
        }
        return summary
    }
}
