import Foundation
import KlaiStore

/// Applies a roster file to a school's pupils for an academic year, in one transaction.
///
/// The file is the school's whole list (a DMC round): pupils in it are added or updated and placed in
/// their class; active pupils of the school missing from it have left: they become inactive and leave
/// their class, keeping their progress history. Importing the same file again changes nothing.
public enum RosterImport {
    /// What an import did.
    public struct Report: Sendable, Equatable, CustomStringConvertible {
        public var encoding: RosterEncoding
        public var rows = 0
        public var added = 0
        public var updated = 0
        public var moved = 0
        public var deactivated = 0
        public var unchanged = 0
        public var classesCreated = 0

        public var description: String {
            "\(rows) pupils read (\(encoding.rawValue)): \(added) added, \(updated) updated, \(moved) changed class, "
                + "\(deactivated) left (now inactive), \(unchanged) unchanged; \(classesCreated) new classes"
        }
        public var changedNothing: Bool { added + updated + moved + deactivated + classesCreated == 0 }
    }

    /// Imports `file` for the school in `year` (Buddhist, e.g. 2569; a Gregorian year is converted).
    /// Call inside `Store.write`: a thrown error leaves the database untouched.
    /// - Throws: `LearningError` (no such school, username clash), `DatabaseError`.
    public static func apply(
        _ file: RosterFile, to db: Database, schoolID: Int64, year: Int, actor: Int64?,
        now: Date = Date()
    ) throws -> Report {
        let year = year < 2400 ? year + 543 : year
        guard let schoolCode = try db.scalar("SELECT code FROM learning_school WHERE id = ?", [schoolID], as: String.self) else {
            throw LearningError.notFound("no school with id \(schoolID)")
        }
        var report = Report(encoding: file.encoding, rows: file.entries.count)
        let classesBefore = try db.scalar("SELECT count(*) FROM learning_class WHERE school_id = ?", [schoolID], as: Int.self) ?? 0
        var present = Set<Int64>()
        for entry in file.entries {
            let classID = try Directory.classID(db, schoolID: schoolID, year: year, grade: entry.grade, room: entry.room)
            let userID: Int64
            var changed = false
            var isNew = false
            if let row = try db.fetchOne(
                """
                SELECT user_id, student_number, prefix, first_name, last_name, sex, birth_date, is_active
                FROM learning_student WHERE school_id = ? AND national_id = ?
                """, [schoolID, entry.nationalID.digits])
            {
                userID = try row.get("user_id")
                let stored: [String?] = try ["student_number", "prefix", "first_name", "last_name", "sex", "birth_date"].map { try row.get($0) }
                let incoming: [String?] = [
                    entry.studentNumber, entry.prefix, entry.firstName, entry.lastName, entry.sex,
                    entry.birthDate?.description
                ]
                let wasActive: Bool = try row.get("is_active")
                if stored != incoming || !wasActive {
                    try db.execute(
                        """
                        UPDATE learning_student SET student_number = ?, prefix = ?, first_name = ?, last_name = ?, sex = ?,
                        birth_date = ?, is_active = 1 WHERE user_id = ?
                        """,
                        [
                            entry.studentNumber, entry.prefix, entry.firstName, entry.lastName, entry.sex,
                            entry.birthDate?.description, userID
                        ])
                    try db.execute(
                        "UPDATE learning_user SET display_name = ?, is_active = 1 WHERE id = ?",
                        ["\(entry.firstName) \(entry.lastName)", userID])
                    report.updated += 1
                    changed = true
                }
            } else {
                userID = try addPupil(db, entry, schoolID: schoolID, schoolCode: schoolCode, actor: actor)
                report.added += 1
                changed = true
                isNew = true
            }
            present.insert(userID)
            let current = try db.fetchOne(
                "SELECT id, class_id FROM learning_class_member WHERE student_id = ? AND academic_year = ? AND left_at IS NULL",
                [userID, year])
            if try current?.get("class_id", as: Int64.self) != classID {
                if let current {
                    try db.execute("UPDATE learning_class_member SET left_at = ? WHERE id = ?", [now, try current.get("id", as: Int64.self)])
                }
                try db.execute(
                    """
                    INSERT INTO learning_class_member (student_id, class_id, academic_year, joined_at) VALUES (?, ?, ?, ?)
                    """, [userID, classID, year, now])
                if !isNew { report.moved += 1 }
                changed = true
            }
            if !changed { report.unchanged += 1 }
        }
        for row in try db.fetchAll("SELECT user_id FROM learning_student WHERE school_id = ? AND is_active = 1", [schoolID]) {
            let userID: Int64 = try row.get(0)
            guard !present.contains(userID) else { continue }
            try db.execute("UPDATE learning_student SET is_active = 0 WHERE user_id = ?", [userID])
            try db.execute("UPDATE learning_user SET is_active = 0 WHERE id = ?", [userID])
            try db.execute("UPDATE learning_class_member SET left_at = ? WHERE student_id = ? AND left_at IS NULL", [now, userID])
            try db.execute("UPDATE learning_session SET signed_out_at = ? WHERE user_id = ? AND signed_out_at IS NULL", [now, userID])
            report.deactivated += 1
        }
        report.classesCreated =
            (try db.scalar("SELECT count(*) FROM learning_class WHERE school_id = ?", [schoolID], as: Int.self) ?? 0)
            - classesBefore
        try AuditLog.record(
            db, actor: actor, action: "roster.import", target: "school:\(schoolCode)",
            detail: "year \(year): \(report)", at: now)
        return report
    }

    private static func addPupil(_ db: Database, _ entry: RosterEntry, schoolID: Int64, schoolCode: String, actor: Int64?) throws -> Int64 {
        // Usernames are unique across the installation: the school code keeps two schools' pupil numbers apart.
        let username = "\(schoolCode)-\(entry.studentNumber)"
        if try db.scalar("SELECT 1 FROM learning_user WHERE username = ?", [username], as: Int.self) != nil {
            throw LearningError.conflict("row \(entry.row): the student number \(entry.studentNumber) belongs to another pupil of this school")
        }
        try db.execute(
            "INSERT INTO learning_user (username, display_name, created_at) VALUES (?, ?, ?)",
            [username, "\(entry.firstName) \(entry.lastName)", Date()])
        let userID = db.lastInsertRowID
        try db.execute("INSERT INTO learning_role (user_id, role, school_id) VALUES (?, 'student', ?)", [userID, schoolID])
        try db.execute(
            """
            INSERT INTO learning_student (user_id, school_id, student_number, national_id, prefix, first_name, last_name, sex, birth_date)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                userID, schoolID, entry.studentNumber, entry.nationalID.digits, entry.prefix, entry.firstName, entry.lastName,
                entry.sex, entry.birthDate?.description
            ])
        return userID
    }
}
