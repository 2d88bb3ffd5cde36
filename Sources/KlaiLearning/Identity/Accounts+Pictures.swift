import Foundation
import KlaiCrypto
import KlaiStore

/// Picture-password sign-in for อ.1–ป.3, where a school allows it.
///
/// A young child picks their name from the class list, then 4 pictures in order from 16
/// (16⁴ = 65,536 sequences, 16 bits). The trade-off: that is far weaker than a password, and the class
/// list shows first names to whoever opens it. It is accepted because children of 4–9 cannot type
/// passwords, the accounts can only see their own progress and post their own playback, the throttle
/// (per account and address: 5 free failures, then waits doubling up to 15 minutes, so under 100 tries a
/// day from one address against 32,768 expected) makes guessing from one address take months on average,
/// the school must opt in, and the list shows first name and last initial only.
/// The sequence is stored like a password (PBKDF2), never in clear.
public enum PicturePassword {
    /// Pictures on the grid.
    public static let alphabet = 16
    /// Pictures in one password.
    public static let length = 4

    /// The text hashed for a sequence, after checking its shape.
    static func text(_ pictures: [Int]) throws -> String {
        guard pictures.count == length, pictures.allSatisfy({ (0..<alphabet).contains($0) }) else {
            throw LearningError.invalid("a picture password is \(length) pictures chosen from \(alphabet)")
        }
        return "pictures:" + pictures.map(String.init).joined(separator: ",")
    }
}

extension Accounts {
    /// One name on a class's picture sign-in list.
    public struct PictureSignInName: Sendable, Equatable {
        public let userID: Int64
        public let shownName: String
    }

    /// The names a child picks from; empty unless the school allows picture sign-in and the class is อ.1–ป.3.
    public func pictureSignInList(classID: Int64) throws -> [PictureSignInName] {
        try store.readSync { db in
            guard
                let row = try db.fetchOne(
                    """
                    SELECT c.grade, s.picture_sign_in FROM learning_class c JOIN learning_school s ON s.id = c.school_id WHERE c.id = ?
                    """, [classID]),
                try row.get("picture_sign_in", as: Bool.self), Grade(parsing: try row.get("grade"))?.isEarlyYears == true
            else { return [] }
            return try db.fetchAll(
                """
                SELECT st.user_id, st.first_name, st.last_name FROM learning_class_member m
                JOIN learning_student st ON st.user_id = m.student_id JOIN learning_user u ON u.id = st.user_id
                WHERE m.class_id = ? AND m.left_at IS NULL AND u.is_active = 1 AND u.picture_password_hash IS NOT NULL
                ORDER BY st.first_name
                """, [classID]
            ).map { row in
                let last: String = try row.get("last_name")
                return PictureSignInName(
                    userID: try row.get("user_id"),
                    shownName: "\(try row.get("first_name", as: String.self)) \(initial(last)).")
            }
        }
    }

    /// The first letter of a name: its first scalar, since a Thai letter and its vowel mark form one Character.
    private func initial(_ name: String) -> String { name.unicodeScalars.first.map { String($0) } ?? "" }

    /// Sets a pupil's picture password (by an admin or a teacher of the pupil).
    public func setPicturePassword(by actor: Principal, userID: Int64, pictures: [Int], now: Date = Date()) throws {
        let hash = PasswordHash(password: try PicturePassword.text(pictures), iterations: policy.iterations)
        try store.writeSync { db in
            guard Authorization.may(actor, .resetPassword, try Directory.accountTarget(db, userID: userID)) else {
                throw LearningError.forbidden("you may not set this pupil's picture password")
            }
            try db.execute("UPDATE learning_user SET picture_password_hash = ? WHERE id = ?", [hash.description, userID])
            try AuditLog.record(db, actor: actor.userID, action: "password.picture-set", target: "user:\(userID)", at: now)
        }
    }

    /// Signs a pupil in from the class list with their picture sequence.
    /// - Throws: `SignInError` (also when the school no longer allows picture sign-in).
    public func signInWithPicture(userID: Int64, pictures: [Int], address: String, now: Date = Date()) throws -> SignedIn {
        let text = try PicturePassword.text(pictures)
        let (retry, username, stored) = try store.readSync { db -> (TimeInterval?, String?, String?) in
            let row = try db.fetchOne(
                """
                SELECT u.username, u.picture_password_hash, c.grade FROM learning_user u
                JOIN learning_class_member m ON m.student_id = u.id AND m.left_at IS NULL
                JOIN learning_class c ON c.id = m.class_id JOIN learning_school s ON s.id = c.school_id
                WHERE u.id = ? AND u.is_active = 1 AND s.picture_sign_in = 1
                ORDER BY c.academic_year DESC LIMIT 1
                """, [userID])
            // The grade is checked again here, not only on the list: a pupil moved up to ป.4 keeps their
            // picture hash, but from then on needs a typed password.
            let grade: String? = try row?.get("grade")
            let earlyYears = grade.flatMap(Grade.init(parsing:))?.isEarlyYears == true
            let username: String? = earlyYears ? try row?.get("username") : nil
            let retry = try throttleDelay(db, username: username ?? "#\(userID)", address: address, now: now)
            return (retry, username, try row?.get("picture_password_hash"))
        }
        if let retry { throw SignInError.throttled(retryAfter: retry) }
        guard let username, let hash = stored.flatMap(PasswordHash.init(stored:)), hash.verify(text) else {
            try recordFailure(username: username ?? "#\(userID)", address: address, now: now)
            throw SignInError.wrongNameOrPassword
        }
        return try openSession(
            userID: userID, username: username, address: address, throttleKey: address, device: nil,
            now: now, rehash: nil)
    }
}
