import Foundation
import KlaiStore

/// Reading pupils' records with personal data handled as PDPA asks: national IDs masked except for
/// admins, and every unmasked view written to the audit log.
public enum Pupils {
    /// A pupil as shown on a class list.
    public struct Record: Sendable, Equatable {
        public var userID: Int64
        public var studentNumber: String
        /// Masked (`1-2345-xxxxx-xx-1`) unless the viewer is an admin.
        public var nationalIDShown: String
        public var name: String
        public var grade: String
        public var room: Int
        public var isActive: Bool
    }

    /// The pupils of a class by student number, as `viewer` may see them. Writes an audit entry when IDs
    /// are shown unmasked, so call it inside `Store.write`.
    /// - Throws: `LearningError.forbidden` when the viewer may not see the class.
    public static func classList(
        _ db: Database, classID: Int64, viewer: Principal, includeLeavers: Bool = false,
        now: Date = Date()
    ) throws -> [Record] {
        guard let schoolID = try db.scalar("SELECT school_id FROM learning_class WHERE id = ?", [classID], as: Int64.self) else {
            throw LearningError.notFound("no class \(classID)")
        }
        guard Authorization.may(viewer, .view, .classroom(id: classID, schoolID: schoolID)) else {
            throw LearningError.forbidden("you may not see this class")
        }
        let unmasked = Authorization.may(viewer, .viewNationalID, .school(id: schoolID))
        let records = try db.fetchAll(
            """
            SELECT s.user_id, s.student_number, s.national_id, s.prefix, s.first_name, s.last_name, s.is_active, c.grade, c.room
            FROM learning_class_member m JOIN learning_student s ON s.user_id = m.student_id JOIN learning_class c ON c.id = m.class_id
            WHERE m.class_id = ? AND (m.left_at IS NULL OR ?)
            GROUP BY s.user_id ORDER BY s.student_number
            """, [classID, includeLeavers]
        ).map { row in
            let stored: String = try row.get("national_id")
            let id = NationalID(stored)
            let gradeCode: String = try row.get("grade")
            return Record(
                userID: try row.get("user_id"), studentNumber: try row.get("student_number"),
                nationalIDShown: unmasked ? (id?.formatted ?? stored) : (id?.masked ?? "x"),
                name: "\(try row.get("prefix", as: String.self))\(try row.get("first_name", as: String.self)) \(try row.get("last_name", as: String.self))",
                grade: Grade(parsing: gradeCode).map(\.thai) ?? gradeCode,
                room: try row.get("room"), isActive: try row.get("is_active"))
        }
        if unmasked && !records.isEmpty {
            try AuditLog.record(
                db, actor: viewer.userID, action: "national-id.view", target: "class:\(classID)",
                detail: "\(records.count) pupils", at: now)
        }
        return records
    }
}
