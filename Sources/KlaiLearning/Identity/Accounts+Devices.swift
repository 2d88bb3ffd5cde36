import Foundation
import KlaiStore

/// Known devices ("device cookies", OWASP's answer to lockouts): a browser that has signed in to an
/// account before gets a long-lived random token, and its sign-ins are throttled by that token instead
/// of by the network address.
///
/// The address rule already keeps a guesser from another PC from locking a teacher out; a known device
/// covers what it cannot: a guesser *behind the same address* (a school's shared public address, or
/// the same classroom PC). Their failures fall on the address; the teacher's browser presents its token
/// and is throttled only by its own failures. The token is stored hashed, like session tokens.
extension Accounts {
    /// How long a device stays known after its last sign-in.
    static let deviceLifetime: TimeInterval = 365 * 24 * 3600

    /// The throttle key for a sign-in: the known device's, when `device` is one of `username`'s; else the address.
    func throttleKey(_ db: Database, username: String, address: String, device: SessionToken?, now: Date) throws -> String {
        guard let device,
            try db.scalar(
                """
                SELECT 1 FROM learning_known_device d JOIN learning_user u ON u.id = d.user_id
                WHERE d.token_hash = ? AND u.username = ? AND d.expires_at > ?
                """, [device.storedHash, username, now.timeIntervalSince1970], as: Int.self) != nil
        else { return address }
        return Self.deviceKey(device)
    }

    /// How a known device appears where failures are recorded (never the token itself).
    static func deviceKey(_ device: SessionToken) -> String {
        "device:" + device.storedHash.prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    /// Keeps `device` known for `userID` (a new token when it is not one of theirs). - Returns: the token to keep.
    func rememberDevice(_ db: Database, userID: Int64, device: SessionToken?, now: Date) throws -> SessionToken {
        let expires = now.addingTimeInterval(Self.deviceLifetime).timeIntervalSince1970
        if let device {
            try db.execute(
                "UPDATE learning_known_device SET expires_at = ? WHERE token_hash = ? AND user_id = ?",
                [expires, device.storedHash, userID])
            if db.changes == 1 { return device }
        }
        let fresh = SessionToken.generate()
        try db.execute(
            "INSERT INTO learning_known_device (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
            [fresh.storedHash, userID, now.timeIntervalSince1970, expires])
        return fresh
    }
}
