import Foundation
import KlaiCrypto

/// A stored password: PBKDF2-HMAC-SHA256 with a per-user salt, as text
/// `pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>` (the format Django and passlib use).
///
/// The iteration count travels with the hash, so raising the default later re-hashes each password
/// at its owner's next successful sign-in (`needsRehash`).
public struct PasswordHash: Sendable, Equatable, CustomStringConvertible {
    /// Default work factor. RFC 8018 leaves it to the application; 210,000 is Klai's floor (OWASP's
    /// 2023 figure for PBKDF2-HMAC-SHA512; its SHA-256 figure is 600,000). On a 2-core school box a
    /// class of 30 signing in at once costs 30 derivations, so the default is kept at the floor.
    public static let defaultIterations = 210_000
    static let scheme = "pbkdf2-sha256"

    public let iterations: Int
    public let salt: [UInt8]
    public let hash: [UInt8]

    /// Hashes `password` with a fresh 16-byte salt.
    public init(password: String, iterations: Int = PasswordHash.defaultIterations) {
        let salt = SecureRandom.bytes(16)
        self.init(
            iterations: iterations, salt: salt,
            hash: PBKDF2.sha256(password: Array(password.utf8), salt: salt, iterations: iterations))
    }

    init(iterations: Int, salt: [UInt8], hash: [UInt8]) {
        self.iterations = iterations
        self.salt = salt
        self.hash = hash
    }

    /// Parses the stored text form; nil when it is not one.
    public init?(stored: String) {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Self.scheme, let iterations = Int(parts[1]), iterations >= 1,
            let salt = Data(base64Encoded: String(parts[2])), let hash = Data(base64Encoded: String(parts[3])),
            hash.count == 32
        else { return nil }
        self.init(iterations: iterations, salt: Array(salt), hash: Array(hash))
    }

    /// The text stored in the database.
    public var description: String {
        "\(Self.scheme)$\(iterations)$\(Data(salt).base64EncodedString())$\(Data(hash).base64EncodedString())"
    }

    /// Whether `password` matches, compared in constant time.
    public func verify(_ password: String) -> Bool {
        let candidate = PBKDF2.sha256(password: Array(password.utf8), salt: salt, iterations: iterations)
        return Self.constantTimeEqual(candidate, hash)
    }

    /// True when this hash is weaker than `iterations` and should be replaced after a successful sign-in.
    public func needsRehash(iterations: Int) -> Bool { self.iterations < iterations }

    /// Compares without an early exit, so the time taken does not reveal where two values first differ.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
