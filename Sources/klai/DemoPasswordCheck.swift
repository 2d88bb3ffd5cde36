import Dispatch
import Foundation
import KlaiLearning
import KlaiStore
import Synchronization

/// Keeps the demo's published passwords off a school's LAN.
///
/// The README prints the demo accounts' passwords, so a library made by `klai demo` must not be reachable
/// from other machines until those passwords are changed. The check verifies each published password
/// against the stored hash of its demo username, exactly as a sign-in would; a renamed, deactivated or
/// re-passworded account passes.
enum DemoPasswordCheck {
    /// Whether `address` only reaches this machine: 127.0.0.0/8, ::1 or `localhost` (RFC 1122 §3.2.1.3,
    /// RFC 4291 §2.5.3).
    static func isLoopback(_ address: String) -> Bool {
        if address == "localhost" { return true }
        var ipv4 = in_addr()
        if inet_pton(AF_INET, address, &ipv4) == 1 {
            return UInt32(bigEndian: ipv4.s_addr) >> 24 == 127
        }
        var ipv6 = in6_addr()
        if inet_pton(AF_INET6, address, &ipv6) == 1 {
            let bytes = withUnsafeBytes(of: &ipv6) { Array($0) }
            return bytes == [UInt8](repeating: 0, count: 15) + [1]
        }
        return false
    }

    /// The demo usernames that are active and still accept their published password.
    static func accountsWithPublishedPasswords(in store: Store) throws -> [String] {
        let stored = try store.readSync { db in
            try DemoLibrary.accounts.compactMap { account -> (DemoLibrary.Account, String)? in
                let hash = try db.scalar(
                    "SELECT password_hash FROM learning_user WHERE username = ? AND is_active = 1",
                    [account.username], as: String.self)
                return hash.map { (account, $0) }
            }
        }
        // Each verification is a full PBKDF2 run: spread them over the cores rather than wait for each in turn.
        let exposed = Mutex([Bool](repeating: false, count: stored.count))
        DispatchQueue.concurrentPerform(iterations: stored.count) { index in
            let (account, hash) = stored[index]
            let matches = PasswordHash(stored: hash)?.verify(account.password) == true
            exposed.withLock { $0[index] = matches }
        }
        let matches = exposed.withLock { $0 }
        return zip(stored, matches).filter(\.1).map(\.0.0.username)
    }

    /// Refuses to listen on `bind` when it is not loopback and demo passwords remain.
    /// - Throws: `ServeError` saying which accounts and how to fix it.
    static func refuseUnsafeListening(on bind: String, store: Store) throws {
        guard !isLoopback(bind) else { return }
        let exposed = try accountsWithPublishedPasswords(in: store)
        guard !exposed.isEmpty else { return }
        throw ServeError(
            """
            refusing to listen on \(bind): the demo account(s) \(exposed.joined(separator: ", ")) still have the \
            passwords printed in Klai's README, and anyone on the network could sign in with them. Give each a new \
            password with 'klai users reset-password USERNAME' (or start from a library without demo content: \
            'klai demo --empty' in a new data folder), or listen on 127.0.0.1 only.
            """)
    }
}
