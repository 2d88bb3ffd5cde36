import Foundation
import KlaiCrypto

/// A sign-in session's secret: 256 random bits from the kernel, given to the browser as base64url and
/// stored only as its SHA-256, so a copy of the database cannot be used to sign in.
public struct SessionToken: Sendable, Hashable, CustomStringConvertible {
    /// The secret, as sent in the cookie (43 characters of base64url, no padding).
    public let text: String

    /// A fresh token.
    public static func generate() -> SessionToken {
        SessionToken(
            text: Data(SecureRandom.bytes(32)).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: ""))
    }

    public init(text: String) { self.text = text }

    /// What the database stores and looks up.
    public var storedHash: Data { Data(SHA256.hash(Array(text.utf8))) }

    /// Redacted: a token never appears in logs.
    public var description: String { "SessionToken(…)" }
}
