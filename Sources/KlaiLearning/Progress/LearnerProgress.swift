import Foundation
import KlaiStore

/// A person's progress on one catalog item, as screens show it.
public struct LearnerProgress: Sendable, Equatable {
    public var userID: Int64
    public var itemID: Int64
    /// Share of the item played at least once (0…1).
    public var coverage: Double
    /// Media seconds played, rewatching included.
    public var timeSpent: Double
    /// Where to resume.
    public var lastPosition: Double
    public var completedAt: Date?
    public var firstActivity: Date
    public var lastActivity: Date
    /// The merged intervals played, e.g. `0.0-120.0,300.0-360.0`.
    public var intervals: String

    init(row: Row) throws {
        userID = try row.get("user_id")
        itemID = try row.get("item_id")
        coverage = try row.get("coverage")
        timeSpent = try row.get("time_spent")
        lastPosition = try row.get("last_position")
        completedAt = try row.get("completed_at", as: Double?.self).map(Date.init(timeIntervalSince1970:))
        firstActivity = Date(timeIntervalSince1970: try row.get("first_activity"))
        lastActivity = Date(timeIntervalSince1970: try row.get("last_activity"))
        intervals = try row.get("intervals")
    }

    /// Everything a pupil has played, most recent first, if `viewer` may see it (the pupil, their
    /// school's teachers and director, supervisors of the school, admins).
    public static func forStudent(_ db: Database, studentID: Int64, viewer: Principal) throws -> [LearnerProgress] {
        try requireView(db, studentID: studentID, viewer: viewer)
        return try db.fetchAll("SELECT * FROM learning_progress WHERE user_id = ? ORDER BY last_activity DESC", [studentID])
            .map(LearnerProgress.init(row:))
    }

    /// Where `userID` should resume `itemID` (0 when never played). For one's own player.
    public static func resumePosition(_ db: Database, userID: Int64, itemID: Int64) throws -> Double {
        try db.scalar("SELECT last_position FROM learning_progress WHERE user_id = ? AND item_id = ?", [userID, itemID]) ?? 0
    }

    /// Each current member of a class with their progress on an item (nil: not started), for a teacher's view.
    public static func forClass(_ db: Database, classID: Int64, itemID: Int64, viewer: Principal) throws -> [(studentID: Int64, progress: LearnerProgress?)] {
        guard let school = try db.scalar("SELECT school_id FROM learning_class WHERE id = ?", [classID], as: Int64.self) else {
            throw LearningError.notFound("no class \(classID)")
        }
        guard Authorization.may(viewer, .viewProgress, .classroom(id: classID, schoolID: school)) else {
            throw LearningError.forbidden("you may not see this class's progress")
        }
        return try db.fetchAll(
            """
            SELECT m.student_id, p.* FROM learning_class_member m
            LEFT JOIN learning_progress p ON p.user_id = m.student_id AND p.item_id = ?
            WHERE m.class_id = ? AND m.left_at IS NULL ORDER BY m.student_id
            """, [itemID, classID]
        ).map { row in (try row.get("student_id"), row["item_id"].isNull ? nil : try LearnerProgress(row: row)) }
    }

    static func requireView(_ db: Database, studentID: Int64, viewer: Principal) throws {
        try viewer.requireNoPasswordChangeDue()
        guard let school = try db.scalar("SELECT school_id FROM learning_student WHERE user_id = ?", [studentID], as: Int64.self) else {
            if studentID == viewer.userID { return }  // a teacher's or admin's own previews
            throw LearningError.notFound("no pupil \(studentID)")
        }
        let classes = try db.fetchAll("SELECT class_id FROM learning_class_member WHERE student_id = ?", [studentID])
            .map { try $0.get(0, as: Int64.self) }
        guard Authorization.may(viewer, .viewProgress, .student(userID: studentID, schoolID: school, classIDs: Set(classes))) else {
            throw LearningError.forbidden("you may not see this pupil's progress")
        }
    }
}
