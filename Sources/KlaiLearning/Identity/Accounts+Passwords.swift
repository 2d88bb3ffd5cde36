import Foundation
import KlaiCrypto
import KlaiStore

extension Accounts {
    /// Changes one's own password after checking the current one; other sessions are signed out.
    ///
    /// Throttled like sign-in: a wrong current password is a failure of (account, `address`), so a
    /// stolen session cannot be used to guess the password faster than the sign-in form allows.
    /// - Parameters:
    ///   - address: the client's address, as for `signIn` (the web layer passes the request's peer).
    /// - Throws: `SignInError.wrongNameOrPassword` when `current` is wrong, `SignInError.throttled` while the
    ///   pair has to wait, `LearningError.invalid` for a short password.
    public func changePassword(
        userID: Int64, current: String, new: String, keeping token: SessionToken? = nil,
        address: String = "", now: Date = Date()
    ) throws {
        try checkStrength(new)
        let (username, stored, retry) = try store.readSync { db -> (String?, String?, TimeInterval?) in
            let row = try db.fetchOne("SELECT username, password_hash FROM learning_user WHERE id = ?", [userID])
            let username: String? = try row?.get("username")
            let retry = try username.flatMap { try throttleDelay(db, username: $0, address: address, now: now) }
            return (username, try row?.get("password_hash"), retry)
        }
        if let retry { throw SignInError.throttled(retryAfter: retry) }
        guard let username, let hash = stored.flatMap(PasswordHash.init(stored:)), hash.verify(current) else {
            if let username { try recordFailure(username: username, address: address, now: now) }
            throw SignInError.wrongNameOrPassword
        }
        let replacement = PasswordHash(password: new, iterations: policy.iterations)
        try store.writeSync { db in
            try db.execute(
                "UPDATE learning_user SET password_hash = ?, must_change_password = 0 WHERE id = ?",
                [replacement.description, userID])
            try db.execute(
                """
                UPDATE learning_session SET signed_out_at = ? WHERE user_id = ? AND signed_out_at IS NULL AND token_hash IS NOT ?
                """, [now, userID, token?.storedHash])
            try db.execute("DELETE FROM learning_sign_in_failure WHERE username = ? AND address = ?", [username, address])
            try AuditLog.record(db, actor: userID, action: "password.change", target: "user:\(userID)", at: now)
        }
    }

    /// Sets another person's password (admin, their director, or a teacher of a pupil); they must change it
    /// at next sign-in and every session of theirs ends.
    /// - Throws: `LearningError.forbidden` when `actor` may not, `LearningError.invalid` for a short password.
    public func resetPassword(by actor: Principal, userID: Int64, to password: String, now: Date = Date()) throws {
        try checkStrength(password)
        let hash = PasswordHash(password: password, iterations: policy.iterations)
        try store.writeSync { db in
            guard Authorization.may(actor, .resetPassword, try Directory.accountTarget(db, userID: userID)) else {
                throw LearningError.forbidden("you may not reset this person's password")
            }
            try db.execute(
                "UPDATE learning_user SET password_hash = ?, must_change_password = 1 WHERE id = ?",
                [hash.description, userID])
            guard db.changes == 1 else { throw LearningError.notFound("no user \(userID)") }
            try db.execute(
                "UPDATE learning_session SET signed_out_at = ? WHERE user_id = ? AND signed_out_at IS NULL",
                [now, userID])
            try db.execute(
                "DELETE FROM learning_sign_in_failure WHERE username = (SELECT username FROM learning_user WHERE id = ?)",
                [userID])
            try AuditLog.record(db, actor: actor.userID, action: "password.reset", target: "user:\(userID)", at: now)
        }
    }

    func checkStrength(_ password: String) throws {
        guard password.count >= policy.minimumPasswordLength else {
            throw LearningError.invalid("a password needs at least \(policy.minimumPasswordLength) characters")
        }
    }
}

extension Accounts {
    /// A new random password for a first sign-in or a reset: 12 letters and digits without look-alikes.
    public static func temporaryPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        return String(SecureRandom.bytes(12).map { alphabet[Int($0) % alphabet.count] })
    }

    /// Resets a password from the `klai` command line. Whoever runs it holds the server's files, so is an
    /// admin in effect; the audit entry names the operating-system account instead of a Klai user.
    public func resetPasswordAsOperator(username: String, to password: String, operatorName: String, now: Date = Date()) throws -> Int64 {
        try checkStrength(password)
        let hash = PasswordHash(password: password, iterations: policy.iterations)
        return try store.writeSync { db in
            guard let userID = try Directory.userID(db, username: username) else { throw LearningError.notFound("no user named \(username)") }
            try db.execute("UPDATE learning_user SET password_hash = ?, must_change_password = 1 WHERE id = ?", [hash.description, userID])
            try db.execute("UPDATE learning_session SET signed_out_at = ? WHERE user_id = ? AND signed_out_at IS NULL", [now, userID])
            try db.execute("DELETE FROM learning_sign_in_failure WHERE username = ?", [username])
            try AuditLog.record(db, actor: nil, action: "password.reset", target: "user:\(userID)", detail: "by \(operatorName) at the terminal", at: now)
            return userID
        }
    }
}
