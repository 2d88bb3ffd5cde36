import Foundation
import KlaiCrypto

/// A random key only this Klai knows: it signs CSRF tokens and short-lived video links (HMAC-SHA256).
///
/// Made on first start and kept as `klai-secret.key` in the data folder with mode 0600; losing it only
/// ends open pages' tokens and links, never data.
public struct ServerSecret: Sendable {
    let key: [UInt8]

    public init(key: [UInt8]) { self.key = key }

    /// Reads the key file, or makes one (32 bytes from the kernel) when there is none.
    public static func loadOrCreate(in folder: URL) throws -> ServerSecret {
        let url = folder.appendingPathComponent("klai-secret.key")
        if let data = FileManager.default.contents(atPath: url.path), data.count >= 32 {
            return ServerSecret(key: Array(data))
        }
        let key = SecureRandom.bytes(32)
        let temporary = folder.appendingPathComponent(".klai-secret.key.\(getpid())")
        guard
            FileManager.default.createFile(
                atPath: temporary.path, contents: Data(key),
                attributes: [.posixPermissions: 0o600])
        else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        _ = rename(temporary.path, url.path)
        return ServerSecret(key: key)
    }

    /// HMAC-SHA256 of `message` under this key, as lower-case hex.
    func sign(_ message: String) -> String {
        SHA256.hex(HMACSHA256.authenticate(Array(message.utf8), key: key))
    }

    /// Compares two signatures in time independent of where they differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<x.count { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
