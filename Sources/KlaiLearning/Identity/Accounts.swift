import Foundation
import KlaiCrypto
import KlaiStore

/// Sign-in, sessions and passwords.
///
/// PBKDF2 runs outside any transaction (it takes tens of milliseconds by design), so sign-ins never
/// hold the writer: the hash is read, checked on the caller's thread, then the outcome is written.
public struct Accounts: Sendable {
    public let store: Store
    public let policy: SignInPolicy

    public init(store: Store, policy: SignInPolicy = SignInPolicy()) {
        self.store = store
        self.policy = policy
    }

    /// A successful sign-in.
    public struct SignedIn: Sendable {
        public let userID: Int64
        public let token: SessionToken
        public let expiresAt: Date
        /// The password was set by an administrator and must be changed now.
        public let mustChangePassword: Bool
        /// This browser's known-device token for the account: keep it (a long-lived cookie) and pass it to
        /// the next `signIn`, so that other people's failures from the same address never hold this one up.
        public let deviceToken: SessionToken
    }

    /// Why a sign-in was refused. The same answer for an unknown name and a wrong password.
    public enum SignInError: Error, Sendable, Equatable, CustomStringConvertible {
        case wrongNameOrPassword
        case throttled(retryAfter: TimeInterval)
        public var description: String {
            switch self {
            case .wrongNameOrPassword: return "The name or password is wrong."
            case .throttled(let seconds):
                // Bounded by `SignInPolicy.longestDelay`, but clamp anyway: this must never trap.
                let wait = Int(min(max(seconds.rounded(.up), 1), 86_400))
                return wait < 60
                    ? "Too many failed attempts; try again in \(wait) seconds."
                    : "Too many failed attempts; try again in \(wait / 60 + 1) minutes."
            }
        }
    }

    // A hash to spend the same time on when the username does not exist, so timing does not reveal it.
    private var decoy: PasswordHash {
        PasswordHash(iterations: policy.iterations, salt: Array(repeating: 0, count: 16), hash: Array(repeating: 0, count: 32))
    }

    /// Signs in with username and password from `address`.
    ///
    /// Throttled per (account, address) as `SignInPolicy` describes, or per (account, device) when
    /// `device` is a known device of the account (see `Accounts+Devices`); the password is not even
    /// checked while the pair has to wait.
    /// - Parameter device: the browser's known-device token from an earlier `SignedIn.deviceToken`, if any.
    /// - Throws: `SignInError`.
    public func signIn(
        username: String, password: String, address: String, device: SessionToken? = nil,
        now: Date = Date()
    ) throws -> SignedIn {
        let (retryAfter, account, key) = try store.readSync { db -> (TimeInterval?, (Int64, String?)?, String) in
            let key = try throttleKey(db, username: username, address: address, device: device, now: now)
            let retry = try throttleDelay(db, username: username, address: key, now: now)
            let row = try db.fetchOne("SELECT id, password_hash FROM learning_user WHERE username = ? AND is_active = 1", [username])
            return (retry, try row.map { (try $0.get("id"), try $0.get("password_hash")) }, key)
        }
        if let retryAfter { throw SignInError.throttled(retryAfter: retryAfter) }
        let stored = account?.1.flatMap(PasswordHash.init(stored:))
        let matches = (stored ?? decoy).verify(password) && stored != nil
        guard matches, let userID = account?.0, let stored else {
            try recordFailure(username: username, address: key, now: now)
            throw SignInError.wrongNameOrPassword
        }
        let upgraded = stored.needsRehash(iterations: policy.iterations) ? PasswordHash(password: password, iterations: policy.iterations) : nil
        return try openSession(
            userID: userID, username: username, address: address, throttleKey: key, device: device,
            now: now, rehash: upgraded)
    }

    /// Opens a session after a successful sign-in from `address`, whose failures were counted under `throttleKey`.
    func openSession(
        userID: Int64, username: String, address: String, throttleKey: String, device: SessionToken?,
        now: Date, rehash: PasswordHash?
    ) throws -> SignedIn {
        let token = SessionToken.generate()
        let expiresAt = now.addingTimeInterval(policy.sessionLifetime)
        let (mustChange, known) = try store.writeSync { db -> (Bool, SessionToken) in
            // Only this address's (or device's) failures are forgiven: an attacker's elsewhere keep their delay.
            try db.execute("DELETE FROM learning_sign_in_failure WHERE username = ? AND address = ?", [username, throttleKey])
            try db.execute(
                """
                INSERT INTO learning_session (token_hash, user_id, created_at, expires_at, address) VALUES (?, ?, ?, ?, ?)
                """, [token.storedHash, userID, now, UnixTime(expiresAt), address])
            if let rehash {
                try db.execute("UPDATE learning_user SET password_hash = ? WHERE id = ?", [rehash.description, userID])
            }
            let known = try rememberDevice(db, userID: userID, device: device, now: now)
            return (
                try db.scalar("SELECT must_change_password FROM learning_user WHERE id = ?", [userID], as: Bool.self) ?? false,
                known
            )
        }
        return SignedIn(userID: userID, token: token, expiresAt: expiresAt, mustChangePassword: mustChange, deviceToken: known)
    }

    /// The signed-in person holding `token`, or nil when it is unknown, expired, signed out or the account inactive.
    public func authenticate(_ token: SessionToken, now: Date = Date()) throws -> Principal? {
        try store.readSync { db in try Self.principal(db, token: token, now: now) }
    }

    /// The person a live session token belongs to, inside a caller's read (so a page can load the person
    /// and what it shows them in one transaction).
    public static func principal(_ db: Database, token: SessionToken, now: Date = Date()) throws -> Principal? {
        guard
            let userID = try db.scalar(
                """
                SELECT user_id FROM learning_session WHERE token_hash = ? AND expires_at > ? AND signed_out_at IS NULL
                """, [token.storedHash, UnixTime(now)], as: Int64.self)
        else { return nil }
        return try Principal.load(db, userID: userID)
    }

    /// Ends a session; the token stops working at once.
    public func signOut(_ token: SessionToken, now: Date = Date()) throws {
        try store.writeSync { db in
            try db.execute(
                "UPDATE learning_session SET signed_out_at = ? WHERE token_hash = ? AND signed_out_at IS NULL",
                [now, token.storedHash])
        }
    }
}
