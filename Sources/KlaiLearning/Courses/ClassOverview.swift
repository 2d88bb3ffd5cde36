import Foundation
import KlaiStore

/// What the pupil and teacher pages show, read from the precomputed progress tables (never from the
/// events): one query per list, bounded by class size and assignments.
public enum ClassOverview {
    /// A lesson assigned to one of the pupil's classes, with the pupil's progress on it.
    public struct PupilAssignment: Sendable, Equatable {
        public var itemID: Int64
        public var courseTitle: String
        public var dueAt: Date
        public var coverage: Double
        public var completed: Bool
    }

    /// A class as its teacher sees it in the list.
    public struct TaughtClass: Sendable, Equatable {
        public var classID: Int64
        public var schoolID: Int64
        public var grade: String
        public var room: Int
        public var academicYear: Int
        public var pupils: Int
        public var name: String { "\(grade)/\(room)" }
    }

    /// A pupil of a class.
    public struct Pupil: Sendable, Equatable {
        public var userID: Int64
        public var name: String
        public var studentNumber: String
    }

    /// One cell of the pupils × lessons grid.
    public struct Cell: Sendable, Equatable {
        public var coverage: Double
        public var completed: Bool
        public var lastActivity: Date
    }

    /// The classes the pupil belongs to now, and the assignments of those classes with the pupil's progress.
    public static func assignments(_ db: Database, studentID: Int64) throws -> [PupilAssignment] {
        try db.fetchAll(
            """
            SELECT ci.item_id, c.title, a.due_at, coalesce(p.coverage, 0) AS coverage, p.completed_at IS NOT NULL AS done
            FROM learning_class_member m JOIN learning_assignment a ON a.class_id = m.class_id
            JOIN learning_course_item ci ON ci.id = a.course_item_id JOIN learning_course c ON c.id = ci.course_id
            LEFT JOIN learning_progress p ON p.user_id = m.student_id AND p.item_id = ci.item_id
            WHERE m.student_id = ? AND m.left_at IS NULL ORDER BY done, a.due_at LIMIT 200
            """, [studentID]
        ).map {
            PupilAssignment(
                itemID: try $0.get("item_id"), courseTitle: try $0.get("title"), dueAt: try $0.get("due_at"),
                coverage: try $0.get("coverage"), completed: try $0.get("done"))
        }
    }

    /// Lessons the person started and has not finished, most recent first.
    public static func continueWatching(_ db: Database, userID: Int64, limit: Int = 6) throws -> [LearnerProgress] {
        try db.fetchAll(
            """
            SELECT * FROM learning_progress WHERE user_id = ? AND completed_at IS NULL ORDER BY last_activity DESC LIMIT ?
            """, [userID, limit]
        ).map(LearnerProgress.init(row:))
    }

    /// Courses the pupil is enrolled in (directly or through a class), with progress.
    public static func courses(_ db: Database, studentID: Int64) throws -> [(courseID: Int64, title: String)] {
        try db.fetchAll(
            """
            SELECT DISTINCT c.id, c.title FROM learning_course c JOIN learning_enrollment e ON e.course_id = c.id
            WHERE e.left_at IS NULL AND (e.student_id = ?1 OR e.class_id IN
                (SELECT class_id FROM learning_class_member WHERE student_id = ?1 AND left_at IS NULL))
            ORDER BY c.title LIMIT 100
            """, [studentID]
        ).map { (try $0.get("id"), try $0.get("title")) }
    }

    /// The grade of the pupil's current class (`ป.4`), if any.
    public static func grade(_ db: Database, studentID: Int64) throws -> String? {
        try db.scalar(
            """
            SELECT c.grade FROM learning_class_member m JOIN learning_class c ON c.id = m.class_id
            WHERE m.student_id = ? AND m.left_at IS NULL ORDER BY m.academic_year DESC LIMIT 1
            """, [studentID], as: String.self)
    }

    /// The classes a teacher teaches, newest academic year first.
    public static func taughtClasses(_ db: Database, teacherID: Int64) throws -> [TaughtClass] {
        try db.fetchAll(
            """
            SELECT DISTINCT c.id, c.school_id, c.grade, c.room, c.academic_year,
                (SELECT count(*) FROM learning_class_member m WHERE m.class_id = c.id AND m.left_at IS NULL) AS pupils
            FROM learning_teacher_class t JOIN learning_class c ON c.id = t.class_id
            WHERE t.user_id = ? ORDER BY c.academic_year DESC, c.grade, c.room
            """, [teacherID]
        ).map(taughtClass)
    }

    /// One class, if it exists.
    public static func taughtClass(_ db: Database, classID: Int64) throws -> TaughtClass? {
        try db.fetchOne(
            """
            SELECT c.id, c.school_id, c.grade, c.room, c.academic_year,
                (SELECT count(*) FROM learning_class_member m WHERE m.class_id = c.id AND m.left_at IS NULL) AS pupils
            FROM learning_class c WHERE c.id = ?
            """, [classID]
        ).map(taughtClass)
    }

    private static func taughtClass(_ row: Row) throws -> TaughtClass {
        TaughtClass(
            classID: try row.get("id"), schoolID: try row.get("school_id"), grade: try row.get("grade"),
            room: try row.get("room"), academicYear: try row.get("academic_year"), pupils: try row.get("pupils"))
    }

    /// The current pupils of a class, by pupil number.
    public static func pupils(_ db: Database, classID: Int64) throws -> [Pupil] {
        try db.fetchAll(
            """
            SELECT s.user_id, s.first_name, s.last_name, s.student_number FROM learning_class_member m
            JOIN learning_student s ON s.user_id = m.student_id WHERE m.class_id = ? AND m.left_at IS NULL
            ORDER BY s.student_number LIMIT 500
            """, [classID]
        ).map {
            Pupil(
                userID: try $0.get("user_id"), name: "\(try $0.get("first_name", as: String.self)) \(try $0.get("last_name", as: String.self))",
                studentNumber: try $0.get("student_number"))
        }
    }

    /// Assigns one lesson to a class with a due date, through the class's own course of assigned lessons
    /// (made on first use), so single lessons and whole courses share one assignment table.
    public static func assignLesson(
        _ db: Database, by principal: Principal, classID: Int64, itemID: Int64, dueAt: Date,
        title: String, now: Date = Date()
    ) throws {
        guard let taught = try taughtClass(db, classID: classID) else { throw LearningError.notFound("no class \(classID)") }
        guard Authorization.may(principal, .editCourse, .school(id: taught.schoolID)),
            principal.teacherClassIDs.contains(classID) || principal.holds(.admin)
        else {
            throw LearningError.forbidden("you may not assign lessons to this class")
        }
        let courseID: Int64
        if let existing = try db.scalar(
            "SELECT id FROM learning_course WHERE class_id = ? AND title = ?", [classID, title],
            as: Int64.self)
        {
            courseID = existing
        } else {
            courseID = try Courses.create(db, by: principal, schoolID: taught.schoolID, title: title, classID: classID)
            try Courses.enrollClass(db, by: principal, courseID: courseID, classID: classID, now: now)
        }
        let unitID =
            try db.scalar(
                "SELECT id FROM learning_unit WHERE course_id = ? ORDER BY position LIMIT 1", [courseID],
                as: Int64.self) ?? Courses.addUnit(db, by: principal, courseID: courseID, title: title)
        let courseItemID =
            try db.scalar(
                "SELECT id FROM learning_course_item WHERE course_id = ? AND item_id = ?",
                [courseID, itemID], as: Int64.self)
            ?? Courses.addItem(db, by: principal, unitID: unitID, itemID: itemID)
        try Courses.assign(db, by: principal, courseItemID: courseItemID, classID: classID, dueAt: dueAt, now: now)
    }

    /// The usage session (class screening) a player session created, if its events have arrived.
    public static func usageSessionID(_ db: Database, playerSession: UUID, itemID: Int64) throws -> Int64? {
        try db.scalar(
            "SELECT id FROM learning_usage_session WHERE session_id = ? AND item_id = ?",
            [playerSession.blob, itemID], as: Int64.self)
    }
}
