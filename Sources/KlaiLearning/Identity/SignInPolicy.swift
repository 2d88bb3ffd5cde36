import KlaiCrypto
import Foundation

/// How sign-in is hardened: the password work factor, session lifetime and failure throttling.
public struct SignInPolicy: Sendable {
    /// PBKDF2 iterations for new hashes; tests may lower it, the default is `PasswordHash.defaultIterations`.
    public var iterations = PasswordHash.defaultIterations
    /// How long a session lasts after sign-in (a school day and a bit).
    public var sessionLifetime: TimeInterval = 12 * 3600
    /// Window in which failures are counted.
    public var failureWindow: TimeInterval = 15 * 60
    /// Failures of one account within the window after which it is refused until the window passes.
    public var maximumFailuresPerAccount = 5
    /// Failures from one address within the window; higher because a whole school shares one address.
    public var maximumFailuresPerAddress = 50
    /// Shortest password accepted for a new password.
    public var minimumPasswordLength = 8

    public init() {}
}
