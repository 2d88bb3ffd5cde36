import Foundation
import KlaiCrypto
import KlaiStore

extension Courses {
    /// Enrolls a class: its members now and later (the roster is read when asked), until unenrolled.
    /// - Throws: `LearningError.forbidden` for a class of another school.
    public static func enrollClass(_ db: Database, by principal: Principal, courseID: Int64, classID: Int64, now: Date = Date()) throws {
        try requireEdit(db, principal, courseID)
        try requireClass(db, classID, inSchoolOf: courseID)
        guard
            try db.scalar(
                "SELECT 1 FROM learning_enrollment WHERE course_id = ? AND class_id = ? AND left_at IS NULL",
                [courseID, classID], as: Int.self) == nil
        else { return }
        try db.execute(
            "INSERT INTO learning_enrollment (course_id, class_id, via, enrolled_at) VALUES (?, ?, 'class', ?)",
            [courseID, classID, now])
    }

    /// Enrolls one pupil. - Throws: `LearningError.forbidden` for a pupil of another school.
    public static func enrollStudent(_ db: Database, by principal: Principal, courseID: Int64, studentID: Int64, now: Date = Date()) throws {
        try requireEdit(db, principal, courseID)
        try requireStudent(db, studentID, inSchoolOf: courseID)
        try enroll(db, courseID: courseID, studentID: studentID, via: "individual", now: now)
    }

    static func enroll(_ db: Database, courseID: Int64, studentID: Int64, via: String, now: Date) throws {
        guard
            try db.scalar(
                "SELECT 1 FROM learning_enrollment WHERE course_id = ? AND student_id = ? AND left_at IS NULL",
                [courseID, studentID], as: Int.self) == nil
        else { return }
        try db.execute(
            "INSERT INTO learning_enrollment (course_id, student_id, via, enrolled_at) VALUES (?, ?, ?, ?)",
            [courseID, studentID, via, now])
    }

    /// Gives the course a join code (6 letters and digits without look-alikes) and returns it.
    public static func makeJoinCode(_ db: Database, by principal: Principal, courseID: Int64) throws -> String {
        try requireEdit(db, principal, courseID)
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        while true {
            let code = String(SecureRandom.bytes(6).map { alphabet[Int($0) % alphabet.count] })
            try db.execute(
                "UPDATE learning_course SET join_code = ? WHERE id = ? AND NOT EXISTS (SELECT 1 FROM learning_course WHERE join_code = ?1)",
                [code, courseID])
            if db.changes == 1 { return code }
        }
    }

    /// A pupil joins with a code; only pupils of the course's school may. - Returns: the course id.
    public static func join(_ db: Database, as principal: Principal, code: String, now: Date = Date()) throws -> Int64 {
        try principal.requireNoPasswordChangeDue()
        guard
            let row = try db.fetchOne(
                "SELECT id, school_id FROM learning_course WHERE join_code = ?",
                [code.uppercased().filter { !$0.isWhitespace }])
        else {
            throw LearningError.notFound("no course has the code \(code)")
        }
        let courseID: Int64 = try row.get("id")
        guard principal.grants.contains(RoleGrant(.student, schoolID: try row.get("school_id"))) else {
            throw LearningError.forbidden("this course is for pupils of another school")
        }
        try enroll(db, courseID: courseID, studentID: principal.userID, via: "code", now: now)
        return courseID
    }

    /// Ends a pupil's individual enrollment (or a class's); progress is kept.
    public static func leave(
        _ db: Database, by principal: Principal, courseID: Int64, studentID: Int64? = nil, classID: Int64? = nil,
        now: Date = Date()
    ) throws {
        try principal.requireNoPasswordChangeDue()
        if studentID != principal.userID { try requireEdit(db, principal, courseID) }
        try db.execute(
            """
            UPDATE learning_enrollment SET left_at = ? WHERE course_id = ? AND left_at IS NULL
            AND (student_id IS ? AND class_id IS ?)
            """, [now, courseID, studentID, classID])
    }

    /// The pupils enrolled now: individually or by code, plus current members of enrolled classes.
    public static func students(_ db: Database, courseID: Int64) throws -> [Int64] {
        try db.fetchAll(
            """
            SELECT student_id FROM learning_enrollment WHERE course_id = ?1 AND student_id IS NOT NULL AND left_at IS NULL
            UNION
            SELECT m.student_id FROM learning_enrollment e JOIN learning_class_member m ON m.class_id = e.class_id AND m.left_at IS NULL
            WHERE e.course_id = ?1 AND e.left_at IS NULL
            ORDER BY 1
            """, [courseID]
        ).map { try $0.get(0) }
    }

    /// A pupil's progress through a course.
    public struct Progress: Sendable, Equatable {
        public var completed: Int
        public var total: Int
        /// Per course item in course order: the catalog item, its coverage (0…1) and whether it is completed.
        public var items: [(itemID: Int64, coverage: Double, completed: Bool)]
        public static func == (a: Progress, b: Progress) -> Bool {
            a.completed == b.completed && a.total == b.total && a.items.map(\.itemID) == b.items.map(\.itemID)
        }
    }

    /// Items completed / total for a pupil in a course.
    public static func progress(_ db: Database, courseID: Int64, studentID: Int64) throws -> Progress {
        let items = try db.fetchAll(
            """
            SELECT ci.item_id, coalesce(p.coverage, 0) AS coverage, p.completed_at IS NOT NULL AS completed
            FROM learning_course_item ci JOIN learning_unit u ON u.id = ci.unit_id
            LEFT JOIN learning_progress p ON p.user_id = ? AND p.item_id = ci.item_id
            WHERE ci.course_id = ? ORDER BY u.position, ci.position
            """, [studentID, courseID]
        ).map {
            (
                itemID: try $0.get("item_id", as: Int64.self), coverage: try $0.get("coverage", as: Double.self),
                completed: try $0.get("completed", as: Bool.self)
            )
        }
        return Progress(completed: items.count(where: \.completed), total: items.count, items: items)
    }
}

extension Courses {
    /// An assignment as a class sees it: the item, its due date, and how many current pupils completed it.
    public struct AssignmentStatus: Sendable, Equatable {
        public var courseItemID: Int64
        public var itemID: Int64
        public var dueAt: Date
        public var completed: Int
        public var pupils: Int
    }

    /// A class's assignments by due date, with completion counts.
    public static func assignments(_ db: Database, classID: Int64) throws -> [AssignmentStatus] {
        let pupils = try db.scalar("SELECT count(*) FROM learning_class_member WHERE class_id = ? AND left_at IS NULL", [classID], as: Int.self) ?? 0
        return try db.fetchAll(
            """
            SELECT a.course_item_id, ci.item_id, a.due_at,
                (SELECT count(*) FROM learning_class_member m JOIN learning_progress p ON p.user_id = m.student_id AND p.item_id = ci.item_id
                 WHERE m.class_id = a.class_id AND m.left_at IS NULL AND p.completed_at IS NOT NULL) AS completed
            FROM learning_assignment a JOIN learning_course_item ci ON ci.id = a.course_item_id
            WHERE a.class_id = ? ORDER BY a.due_at
            """, [classID]
        ).map { row in
            AssignmentStatus(
                courseItemID: try row.get("course_item_id"), itemID: try row.get("item_id"), dueAt: try row.get("due_at"),
                completed: try row.get("completed"), pupils: pupils)
        }
    }
}
