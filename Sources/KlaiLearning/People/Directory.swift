import Foundation
import KlaiStore

/// Schools, classes, users and their roles: the people-and-places records of KlaiLearning.
///
/// Functions take a `Database` and run in the caller's transaction (through `Store.write`).
public enum Directory {
    /// Adds a school, or updates its name and area when the code exists. - Returns: its id.
    @discardableResult
    public static func addSchool(_ db: Database, code: String, name: String, serviceArea: String = "") throws -> Int64 {
        guard code.count == 10, code.allSatisfy(\.isASCIIDigit) else { throw LearningError.invalid("a school code has 10 digits, not '\(code)'") }
        try db.execute(
            """
            INSERT INTO learning_school (code, name, service_area) VALUES (?, ?, ?)
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, service_area = excluded.service_area
            """, [code, name, serviceArea])
        return try db.scalar("SELECT id FROM learning_school WHERE code = ?", [code], as: Int64.self)!
    }

    /// The id of the school with `code`, or nil.
    public static func schoolID(_ db: Database, code: String) throws -> Int64? {
        try db.scalar("SELECT id FROM learning_school WHERE code = ?", [code])
    }

    /// Allows or forbids picture-password sign-in for อ.1–ป.3 at a school (see `Accounts.signInWithPicture`).
    public static func setPictureSignIn(_ db: Database, schoolID: Int64, allowed: Bool, actor: Int64?) throws {
        try db.execute("UPDATE learning_school SET picture_sign_in = ? WHERE id = ?", [allowed, schoolID])
        try AuditLog.record(
            db, actor: actor, action: "school.picture-sign-in", target: "school:\(schoolID)",
            detail: allowed ? "allowed" : "forbidden")
    }

    /// The class (school, year, grade, room), created when missing. - Returns: its id.
    public static func classID(_ db: Database, schoolID: Int64, year: Int, grade: Grade, room: Int) throws -> Int64 {
        if let id = try db.scalar(
            "SELECT id FROM learning_class WHERE school_id = ? AND academic_year = ? AND grade = ? AND room = ?",
            [schoolID, year, grade.code, room], as: Int64.self)
        {
            return id
        }
        try db.execute(
            "INSERT INTO learning_class (school_id, academic_year, grade, room) VALUES (?, ?, ?, ?)",
            [schoolID, year, grade.code, room])
        return db.lastInsertRowID
    }

    /// Adds an account. - Returns: its id.
    /// - Throws: `LearningError.conflict` when the username is taken.
    @discardableResult
    public static func addUser(
        _ db: Database, username: String, displayName: String, password: PasswordHash?,
        grants: [RoleGrant] = [], actor: Int64? = nil
    ) throws -> Int64 {
        let username = username.trimmingCharacters(in: .whitespaces)
        guard !username.isEmpty, !username.contains(where: \.isWhitespace) else {
            throw LearningError.invalid("a username is one word without spaces")
        }
        if try db.scalar("SELECT 1 FROM learning_user WHERE username = ?", [username], as: Int.self) != nil {
            throw LearningError.conflict("the username '\(username)' is taken")
        }
        try db.execute(
            """
            INSERT INTO learning_user (username, display_name, password_hash, created_at) VALUES (?, ?, ?, ?)
            """, [username, displayName, password?.description, Date()])
        let id = db.lastInsertRowID
        try AuditLog.record(db, actor: actor, action: "user.add", target: "user:\(id)", detail: username)
        for role in grants { try Directory.grant(db, userID: id, role, actor: actor) }
        return id
    }

    /// The id of the account named `username` (case-insensitive), or nil.
    public static func userID(_ db: Database, username: String) throws -> Int64? {
        try db.scalar("SELECT id FROM learning_user WHERE username = ?", [username])
    }

    /// Gives a role; granting one already held changes nothing.
    public static func grant(_ db: Database, userID: Int64, _ grant: RoleGrant, actor: Int64?) throws {
        if grant.role != .admin && grant.schoolID == nil { throw LearningError.invalid("the \(grant.role) role needs a school") }
        // DOMAIN.md: a director, a teacher and a pupil each belong to one school; only supervisors span several.
        if [.director, .teacher, .student].contains(grant.role),
            let other = try db.scalar(
                "SELECT school_id FROM learning_role WHERE user_id = ? AND role = ? AND school_id <> ?",
                [userID, grant.role.rawValue, grant.schoolID], as: Int64.self)
        {
            throw LearningError.conflict("a \(grant.role.rawValue) belongs to one school; revoke the role at school \(other) first")
        }
        try db.execute(
            "INSERT OR IGNORE INTO learning_role (user_id, role, school_id) VALUES (?, ?, ?)",
            [userID, grant.role.rawValue, grant.schoolID])
        if db.changes > 0 {
            try AuditLog.record(db, actor: actor, action: "role.grant", target: "user:\(userID)", detail: grant.description)
        }
    }

    /// Takes a role away; revoking one not held changes nothing.
    public static func revoke(_ db: Database, userID: Int64, _ grant: RoleGrant, actor: Int64?) throws {
        try db.execute(
            "DELETE FROM learning_role WHERE user_id = ? AND role = ? AND school_id IS ?",
            [userID, grant.role.rawValue, grant.schoolID])
        if db.changes > 0 {
            try AuditLog.record(db, actor: actor, action: "role.revoke", target: "user:\(userID)", detail: grant.description)
        }
    }

    /// Assigns a teacher to a class, optionally for one learning area (ท, ค, ว, …).
    public static func assignTeacher(_ db: Database, userID: Int64, classID: Int64, learningArea: String = "") throws {
        try db.execute(
            "INSERT OR IGNORE INTO learning_teacher_class (user_id, class_id, learning_area) VALUES (?, ?, ?)",
            [userID, classID, learningArea])
    }

    /// The roles of a user.
    public static func grants(_ db: Database, userID: Int64) throws -> [RoleGrant] {
        try db.fetchAll("SELECT role, school_id FROM learning_role WHERE user_id = ? ORDER BY role, school_id", [userID])
            .compactMap { row in Role(rawValue: try row.get("role")).map { RoleGrant($0, schoolID: try? row.get("school_id")) } }
    }

    /// What authorization needs to know about an account as a target.
    public static func accountTarget(_ db: Database, userID: Int64) throws -> Target {
        let grants = try grants(db, userID: userID)
        let classes = try db.fetchAll(
            "SELECT class_id FROM learning_class_member WHERE student_id = ? AND left_at IS NULL", [userID]
        ).map { try $0.get(0, as: Int64.self) }
        return .account(
            userID: userID, schoolIDs: Set(grants.compactMap(\.schoolID)), roles: Set(grants.map(\.role)),
            classIDs: Set(classes))
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
