import Foundation
import KlaiCrypto

/// How sign-in is hardened: the password work factor, session lifetime and failure throttling.
///
/// Throttling is per (account, address): failures of one account from one address make *that pair*
/// wait, with delays that double (1 s, 2 s, 4 s … up to `longestDelay`) after `freeFailures`. A
/// correct password from an address that has not failed on the account is never refused, so a pupil
/// guessing a teacher's password from the school network cannot lock the teacher out. Guessing stays
/// expensive per address: once an address is *hot* (`hotAddressFailures` failures across accounts
/// within `hotAddressWindow`, e.g. password spraying from one machine), each of its accounts gets only
/// `freeFailuresWhenHot` before the doubling starts, while accounts it has not failed on stay open.
public struct SignInPolicy: Sendable {
    /// PBKDF2 iterations for new hashes; tests may lower it, the default is `PasswordHash.defaultIterations`.
    public var iterations = PasswordHash.defaultIterations
    /// How long a session lasts after sign-in (a school day and a bit).
    public var sessionLifetime: TimeInterval = 12 * 3600
    /// How long a failure is remembered (and counted towards the doubling); older failures are pruned.
    public var failureMemory: TimeInterval = 24 * 3600
    /// Failures of one account from one address before that pair has to wait.
    public var freeFailures = 5
    /// The first wait; each further failure doubles it.
    public var firstDelay: TimeInterval = 1
    /// The longest wait between attempts of one pair (15 minutes).
    public var longestDelay: TimeInterval = 15 * 60
    /// Failures from one address across all accounts that make the address hot (a school shares one address,
    /// so this is far above what pupils mistyping their own passwords produce).
    public var hotAddressFailures = 50
    /// Window in which an address's failures count towards making it hot.
    public var hotAddressWindow: TimeInterval = 15 * 60
    /// Failures of one account from a hot address before that pair has to wait.
    public var freeFailuresWhenHot = 1
    /// Shortest password accepted for a new password.
    public var minimumPasswordLength = 8

    public init() {}

    /// The wait after the latest of `failures` failures of one pair (nil: no wait).
    func delay(afterFailures failures: Int, addressIsHot: Bool) -> TimeInterval? {
        let free = addressIsHot ? freeFailuresWhenHot : freeFailures
        guard failures >= free, failures > 0 else { return nil }
        // 2^(n - free) seconds, computed without an overflowing shift: past 2^20 it is capped anyway.
        let doublings = min(failures - free, 20)
        return min(firstDelay * Double(1 << doublings), longestDelay)
    }
}
