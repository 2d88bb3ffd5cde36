import Foundation
import KlaiCatalog
import KlaiStore

/// Courses: ordered catalog items in units, owned by teachers, for a class or open to a school.
///
/// Every function checks `Authorization.may` and runs in the caller's transaction.
public enum Courses {
    /// Creates a course in a school, owned by `principal`. - Returns: its id.
    public static func create(
        _ db: Database, by principal: Principal, schoolID: Int64, title: String,
        classID: Int64? = nil, openToSchool: Bool = false, now: Date = Date()
    ) throws -> Int64 {
        guard Authorization.may(principal, .editCourse, .school(id: schoolID)) else {
            throw LearningError.forbidden("you may not create courses in this school")
        }
        if let classID, try db.scalar("SELECT school_id FROM learning_class WHERE id = ?", [classID], as: Int64.self) != schoolID {
            throw LearningError.invalid("class \(classID) is not in this school")
        }
        try db.execute(
            """
            INSERT INTO learning_course (school_id, title, class_id, open_to_school, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)
            """, [schoolID, title, classID, openToSchool, principal.userID, now])
        let id = db.lastInsertRowID
        try db.execute("INSERT INTO learning_course_teacher (course_id, user_id) VALUES (?, ?)", [id, principal.userID])
        if let classID { try enrollClass(db, by: principal, courseID: id, classID: classID, now: now) }
        return id
    }

    /// What authorization needs to know about a course.
    public static func target(_ db: Database, courseID: Int64) throws -> Target {
        guard let row = try db.fetchOne("SELECT school_id, class_id, open_to_school FROM learning_course WHERE id = ?", [courseID]) else {
            throw LearningError.notFound("no course \(courseID)")
        }
        let teachers = try db.fetchAll("SELECT user_id FROM learning_course_teacher WHERE course_id = ?", [courseID])
            .map { try $0.get(0, as: Int64.self) }
        return .course(
            id: courseID, schoolID: try row.get("school_id"), teacherIDs: Set(teachers),
            classID: try row.get("class_id"), openToSchool: try row.get("open_to_school"))
    }

    static func requireEdit(_ db: Database, _ principal: Principal, _ courseID: Int64) throws {
        guard Authorization.may(principal, .editCourse, try target(db, courseID: courseID)) else {
            throw LearningError.forbidden("you may not change this course")
        }
    }

    /// Adds a co-teacher.
    public static func addTeacher(_ db: Database, by principal: Principal, courseID: Int64, userID: Int64) throws {
        try requireEdit(db, principal, courseID)
        try requireTeacher(db, userID, inSchoolOf: courseID)
        try db.execute("INSERT OR IGNORE INTO learning_course_teacher (course_id, user_id) VALUES (?, ?)", [courseID, userID])
    }

    /// Appends a unit. - Returns: its id.
    public static func addUnit(_ db: Database, by principal: Principal, courseID: Int64, title: String) throws -> Int64 {
        try requireEdit(db, principal, courseID)
        let position = (try db.scalar("SELECT max(position) FROM learning_unit WHERE course_id = ?", [courseID], as: Int.self) ?? 0) + 1
        try db.execute("INSERT INTO learning_unit (course_id, position, title) VALUES (?, ?, ?)", [courseID, position, title])
        return db.lastInsertRowID
    }

    /// Appends a catalog item (lesson, recording, attachment) to a unit. - Returns: the course item's id.
    public static func addItem(_ db: Database, by principal: Principal, unitID: Int64, itemID: Int64) throws -> Int64 {
        guard let courseID = try db.scalar("SELECT course_id FROM learning_unit WHERE id = ?", [unitID], as: Int64.self) else {
            throw LearningError.notFound("no unit \(unitID)")
        }
        try requireEdit(db, principal, courseID)
        guard try Catalog.contains(id: itemID, in: db) else {
            throw LearningError.notFound("no catalog item \(itemID)")
        }
        if try db.scalar("SELECT 1 FROM learning_course_item WHERE course_id = ? AND item_id = ?", [courseID, itemID], as: Int.self) != nil {
            throw LearningError.conflict("the item is already in this course")
        }
        let position = (try db.scalar("SELECT max(position) FROM learning_course_item WHERE unit_id = ?", [unitID], as: Int.self) ?? 0) + 1
        try db.execute(
            "INSERT INTO learning_course_item (course_id, unit_id, position, item_id) VALUES (?, ?, ?, ?)",
            [courseID, unitID, position, itemID])
        return db.lastInsertRowID
    }

    /// Gives a course item a due date for a class: a teacher's assignment.
    /// - Throws: `LearningError.forbidden` for a class of another school.
    public static func assign(
        _ db: Database, by principal: Principal, courseItemID: Int64, classID: Int64, dueAt: Date,
        now: Date = Date()
    ) throws {
        guard let courseID = try db.scalar("SELECT course_id FROM learning_course_item WHERE id = ?", [courseItemID], as: Int64.self) else {
            throw LearningError.notFound("no course item \(courseItemID)")
        }
        try requireEdit(db, principal, courseID)
        try requireClass(db, classID, inSchoolOf: courseID)
        try db.execute(
            """
            INSERT INTO learning_assignment (course_item_id, class_id, due_at, assigned_by, created_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (course_item_id, class_id) DO UPDATE SET due_at = excluded.due_at
            """, [courseItemID, classID, dueAt, principal.userID, now])
    }
}
