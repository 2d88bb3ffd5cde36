import Foundation
import KlaiStore

extension Accounts {
    /// Seconds until `username` may be tried again from `address`, or nil when it may be tried now.
    ///
    /// Only this pair's own failures can make it wait (see `SignInPolicy`): an address that has never
    /// failed on the account is never refused, however many failures other addresses or other accounts have.
    func throttleDelay(_ db: Database, username: String, address: String, now: Date) throws -> TimeInterval? {
        let nowSeconds = now.timeIntervalSince1970
        guard
            let pair = try db.fetchOne(
                """
                SELECT count(*) AS n, max(at) AS latest FROM learning_sign_in_failure WHERE username = ? AND address = ? AND at > ?
                """, [username, address, nowSeconds - policy.failureMemory]),
            let latest = try pair.get("latest", as: Double?.self)
        else { return nil }
        let failures: Int = try pair.get("n")
        let addressFailures =
            try db.scalar(
                "SELECT count(*) FROM learning_sign_in_failure WHERE address = ? AND at > ?",
                [address, nowSeconds - policy.hotAddressWindow], as: Int.self) ?? 0
        let hot = addressFailures >= policy.hotAddressFailures
        guard let delay = policy.delay(afterFailures: failures, addressIsHot: hot) else { return nil }
        let remaining = latest + delay - nowSeconds
        return remaining > 0 ? remaining : nil
    }

    /// Remembers a failed attempt of `username` from `address`.
    func recordFailure(username: String, address: String, now: Date) throws {
        try store.writeSync { db in
            try db.execute(
                "INSERT INTO learning_sign_in_failure (username, address, at) VALUES (?, ?, ?)",
                [username, address, UnixTime(now)])
        }
    }

    /// Removes expired sessions and known devices, and failures older than the policy remembers them.
    ///
    /// Call it periodically (the server does hourly); sign-in never needs the removed rows, so pruning
    /// changes no answer, it only keeps the tables from growing for ever.
    /// - Returns: how many sessions and failures were removed.
    @discardableResult
    public func prune(now: Date = Date()) throws -> (sessions: Int, failures: Int) {
        try store.writeSync { db in
            try db.execute("DELETE FROM learning_session WHERE expires_at <= ?", [UnixTime(now)])
            let sessions = db.changes
            try db.execute(
                "DELETE FROM learning_sign_in_failure WHERE at <= ?",
                [now.timeIntervalSince1970 - policy.failureMemory])
            let failures = db.changes
            try db.execute("DELETE FROM learning_known_device WHERE expires_at <= ?", [now.timeIntervalSince1970])
            return (sessions, failures)
        }
    }
}
