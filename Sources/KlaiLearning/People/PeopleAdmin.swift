import Foundation
import KlaiStore

/// The queries and commands behind the admin pages' people lists: find people, rename them, deactivate
/// them (their history stays: rows are never deleted), list schools and classes, and hand out first
/// passwords for a class sheet.
///
/// Functions take a `Database` and run in the caller's transaction; authorization is the caller's
/// (`Authorization.may` on the page that calls them).
public enum PeopleAdmin {
    /// One person as the people list shows them.
    public struct Person: Sendable, Equatable, Identifiable {
        public var id: Int64
        public var username: String
        public var displayName: String
        public var isActive: Bool
        public var hasPassword: Bool
        public var mustChangePassword: Bool
        public var grants: [RoleGrant]
    }

    /// A school with its settings.
    public struct School: Sendable, Equatable, Identifiable {
        public var id: Int64
        public var code: String
        public var name: String
        public var pictureSignIn: Bool
    }

    /// A class with the number of pupils in it now.
    public struct ClassRow: Sendable, Equatable, Identifiable {
        public var id: Int64
        public var schoolID: Int64
        public var academicYear: Int
        public var grade: String
        public var room: Int
        public var pupils: Int
    }

    /// People whose username or name contains `text` (empty: everyone), limited to those holding a role at
    /// one of `schoolIDs` when given; inactive people only when `includeInactive`.
    public static func search(
        _ db: Database, text: String, schoolIDs: Set<Int64>? = nil, includeInactive: Bool = false,
        limit: Int = 200
    ) throws -> [Person] {
        let pattern =
            "%"
            + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
        let schools = schoolIDs.map { $0.map(String.init).joined(separator: ",") }
        let rows = try db.fetchAll(
            """
            SELECT id FROM learning_user u
            WHERE (u.username LIKE ?1 ESCAPE '\\' OR u.display_name LIKE ?1 ESCAPE '\\')
              AND (u.is_active = 1 OR ?2)
              AND (?3 IS NULL OR EXISTS (SELECT 1 FROM learning_role r WHERE r.user_id = u.id
                   AND ',' || ?3 || ',' LIKE '%,' || r.school_id || ',%'))
            ORDER BY u.is_active DESC, u.display_name, u.username LIMIT ?4
            """, [pattern, includeInactive, schools, limit])
        return try rows.compactMap { try person(db, id: $0.get(0)) }
    }

    /// One person, or nil.
    public static func person(_ db: Database, id: Int64) throws -> Person? {
        guard
            let row = try db.fetchOne(
                """
                SELECT id, username, display_name, is_active, password_hash IS NOT NULL OR picture_password_hash IS NOT NULL AS has_password,
                    must_change_password FROM learning_user WHERE id = ?
                """, [id])
        else { return nil }
        return Person(
            id: try row.get("id"), username: try row.get("username"), displayName: try row.get("display_name"),
            isActive: try row.get("is_active"), hasPassword: try row.get("has_password"),
            mustChangePassword: try row.get("must_change_password"), grants: try Directory.grants(db, userID: id))
    }

    /// Changes the name shown in Klai.
    public static func rename(_ db: Database, userID: Int64, displayName: String, actor: Int64?) throws {
        let name = displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200 else { throw LearningError.invalid("a name has 1 to 200 characters") }
        try db.execute("UPDATE learning_user SET display_name = ? WHERE id = ?", [name, userID])
        guard db.changes == 1 else { throw LearningError.notFound("no user \(userID)") }
        try AuditLog.record(db, actor: actor, action: "user.rename", target: "user:\(userID)", detail: name)
    }

    /// Deactivates (`active == false`) or reactivates an account. A deactivated person cannot sign in and is
    /// signed out everywhere now; everything they did stays in the history.
    public static func setActive(_ db: Database, userID: Int64, active: Bool, actor: Int64?, now: Date = Date()) throws {
        if !active, userID == actor { throw LearningError.invalid("you cannot deactivate your own account") }
        try db.execute("UPDATE learning_user SET is_active = ? WHERE id = ?", [active, userID])
        guard db.changes == 1 else { throw LearningError.notFound("no user \(userID)") }
        if !active {
            try db.execute("UPDATE learning_session SET signed_out_at = ? WHERE user_id = ? AND signed_out_at IS NULL", [now, userID])
        }
        try AuditLog.record(db, actor: actor, action: active ? "user.reactivate" : "user.deactivate", target: "user:\(userID)", at: now)
    }

    /// Every school, by name.
    public static func schools(_ db: Database) throws -> [School] {
        try db.fetchAll("SELECT id, code, name, picture_sign_in FROM learning_school ORDER BY name").map {
            School(id: try $0.get("id"), code: try $0.get("code"), name: try $0.get("name"), pictureSignIn: try $0.get("picture_sign_in"))
        }
    }

    /// The classes of a school, newest year first, with their current pupils.
    public static func classes(_ db: Database, schoolID: Int64) throws -> [ClassRow] {
        try db.fetchAll(
            """
            SELECT c.id, c.school_id, c.academic_year, c.grade, c.room,
                (SELECT count(*) FROM learning_class_member m WHERE m.class_id = c.id AND m.left_at IS NULL) AS pupils
            FROM learning_class c WHERE c.school_id = ? ORDER BY c.academic_year DESC, c.grade, c.room
            """, [schoolID]
        ).map(classRow)
    }

    /// One class, or nil.
    public static func classRow(_ db: Database, classID: Int64) throws -> ClassRow? {
        try db.fetchOne(
            """
            SELECT c.id, c.school_id, c.academic_year, c.grade, c.room,
                (SELECT count(*) FROM learning_class_member m WHERE m.class_id = c.id AND m.left_at IS NULL) AS pupils
            FROM learning_class c WHERE c.id = ?
            """, [classID]
        ).map(classRow)
    }

    private static func classRow(_ row: Row) throws -> ClassRow {
        ClassRow(
            id: try row.get("id"), schoolID: try row.get("school_id"), academicYear: try row.get("academic_year"),
            grade: try row.get("grade"), room: try row.get("room"), pupils: try row.get("pupils"))
    }
}
