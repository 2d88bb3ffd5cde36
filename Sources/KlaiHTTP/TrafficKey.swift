import Glibc
import KlaiCrypto

/// The secret that anchors the traffic log's day heads (`TrafficHead`): 32 random bytes from the
/// kernel, stored as 64 hex digits in a file only Klai's user can read (0600). By default it sits in
/// the traffic folder as `traffic.key`; a path elsewhere (another disk, a folder the operators
/// cannot read) keeps it away from whoever can write the log files.
enum TrafficKey {
    /// Reads the key, creating it when the file does not exist.
    /// - Returns: the key, and whether it was just created.
    static func loadOrCreate(at path: String) throws -> (key: [UInt8], created: Bool) {
        if let key = try load(at: path) { return (key, false) }
        let key = SecureRandom.bytes(32)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, TrafficFiles.keyMode)
        if fd < 0, errno == EEXIST, let existing = try load(at: path) { return (existing, false) }
        guard fd >= 0 else { throw HTTPServerError(operation: "create \(path)", code: errno) }
        defer { close(fd) }
        try TrafficFiles.writeAll(fd, Array((SHA256.hex(key) + "\n").utf8), path: path)
        guard fsync(fd) == 0 else { throw HTTPServerError(operation: "fsync \(path)", code: errno) }
        TrafficFiles.syncFolder(of: path)
        return (key, true)
    }

    /// Reads the key; `nil` when the file does not exist.
    /// - Throws: when it exists but cannot be read or does not hold a key.
    static func load(at path: String) throws -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0, errno == ENOENT { return nil }
        guard fd >= 0 else { throw HTTPServerError(operation: "read \(path)", code: errno) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n >= 64, let key = TrafficVerifier.bytes(fromHex: String(decoding: buffer[0..<64], as: UTF8.self)) else {
            throw HTTPServerError(operation: "read \(path) (not a traffic key)", code: EINVAL)
        }
        return key
    }
}
