import Foundation
import KlaiLearning
import KlaiStore

/// The first admin account of a library made without demo content.
enum FirstAdmin {
    /// Whether any active account holds the admin role.
    static func hasActiveAdmin(_ store: Store) throws -> Bool {
        try store.readSync { db in
            try db.scalar(
                """
                SELECT count(*) FROM learning_user u JOIN learning_role r ON r.user_id = u.id
                WHERE r.role = 'admin' AND u.is_active = 1
                """, as: Int.self) ?? 0
        } > 0
    }

    /// Adds an admin called `username` with a random password that must be changed at first sign-in.
    /// - Returns: the one-time password, to show once.
    /// - Throws: `LearningError` when the username is taken or not one word.
    static func create(username: String, in store: Store) throws -> String {
        let password = Accounts.temporaryPassword()
        let hash = PasswordHash(password: password)
        let operatorName = LearningCommandSupport.operatorName
        try store.writeSync { db in
            let id = try Directory.addUser(
                db, username: username, displayName: username, password: hash,
                grants: [RoleGrant(.admin)])
            try db.execute("UPDATE learning_user SET must_change_password = 1 WHERE id = ?", [id])
            try AuditLog.record(db, actor: nil, action: "user.add.operator", target: "user:\(id)", detail: operatorName)
        }
        return password
    }

    /// What the terminal (or the service's journal) shows once.
    static func announcement(username: String, password: String) -> String {
        """
        first admin account: \(username)  one-time password: \(password)
        (shown once; sign in with it and choose a new password; 'klai users reset-password \(username)' makes another)
        """
    }
}
