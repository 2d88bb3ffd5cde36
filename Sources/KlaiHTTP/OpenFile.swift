import Glibc

/// An open, read-only file descriptor that closes itself when the last reference goes.
///
/// Sendable: the descriptor is immutable and only read (`pread`, `sendfile` with explicit offsets).
public final class OpenFile: Sendable {
    public let fd: Int32
    /// Size in bytes at open time.
    public let size: Int

    /// Opens `path` read-only.
    /// - Throws: `HTTPServerError` with `errno` when it cannot be opened.
    public init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw HTTPServerError(operation: "open \(path)", code: errno) }
        var info = stat()
        fstat(fd, &info)
        self.fd = fd
        size = Int(info.st_size)
    }

    init(fd: Int32, size: Int) {
        self.fd = fd
        self.size = size
    }

    deinit { close(fd) }
}
