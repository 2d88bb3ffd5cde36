import Foundation
import KlaiStore

extension PeopleAdmin {
    /// One line of a printed class sheet: who, their username, and the first password made for them now
    /// (nil when the pupil already chose a password of their own, which is left alone).
    public struct SheetLine: Sendable, Equatable {
        public var userID: Int64
        public var studentNumber: String
        public var username: String
        public var displayName: String
        public var firstPassword: String?
    }

    /// The pupils of a class now, in student-number order: who has chosen their own password, who not.
    public static func classPupils(_ db: Database, classID: Int64) throws -> [(line: SheetLine, ownPassword: Bool)] {
        try db.fetchAll(
            """
            SELECT u.id, coalesce(s.student_number, '') AS number, u.username, u.display_name,
                u.password_hash IS NOT NULL AND u.must_change_password = 0 AS own
            FROM learning_class_member m JOIN learning_user u ON u.id = m.student_id
            LEFT JOIN learning_student s ON s.user_id = u.id
            WHERE m.class_id = ? AND m.left_at IS NULL AND u.is_active = 1
            ORDER BY number, u.username
            """, [classID]
        ).map { row in
            (
                SheetLine(
                    userID: try row.get("id"), studentNumber: try row.get("number"), username: try row.get("username"),
                    displayName: try row.get("display_name"), firstPassword: nil), try row.get("own", as: Bool.self)
            )
        }
    }

    /// Makes a first password for every pupil of the class who has not chosen their own, so the sheet can be
    /// printed and handed out; each must change it at first sign-in. Passwords are hashed before the
    /// write transaction (PBKDF2 is slow by design) and exist in clear only in the returned lines.
    /// - Parameter hash: turns a password into its stored form (`PasswordHash(password:iterations:)`).
    public static func issueFirstPasswords(
        _ store: Store, classID: Int64, actor: Int64?, now: Date = Date(),
        hash: (String) -> String
    ) throws -> [SheetLine] {
        let pupils = try store.readSync { db in try classPupils(db, classID: classID) }
        var lines: [SheetLine] = []
        var hashes: [(Int64, String)] = []
        for (line, own) in pupils {
            var line = line
            if !own {
                let password = Accounts.temporaryPassword()
                line.firstPassword = password
                hashes.append((line.userID, hash(password)))
            }
            lines.append(line)
        }
        let issued = hashes
        try store.writeSync { db in
            for (userID, stored) in issued {
                // Only while the pupil still has no password of their own (they may have changed it meanwhile).
                try db.execute(
                    """
                    UPDATE learning_user SET password_hash = ?, must_change_password = 1
                    WHERE id = ? AND (password_hash IS NULL OR must_change_password = 1)
                    """, [stored, userID])
            }
            try AuditLog.record(
                db, actor: actor, action: "class.sheet", target: "class:\(classID)",
                detail: "\(issued.count) first passwords", at: now)
        }
        return lines
    }
}
