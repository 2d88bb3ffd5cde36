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

/// A file holding a large request body; removed when the request is done with it.
public final class TemporaryFile: Sendable {
    public let path: String
    public let size: Int

    init(path: String, size: Int) {
        self.path = path
        self.size = size
    }

    /// Reads the whole file into memory.
    public func readAll() throws -> [UInt8] {
        let file = try OpenFile(path: path)
        var bytes = [UInt8](repeating: 0, count: file.size)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { pread(file.fd, $0.baseAddress! + done, $0.count - done, off_t(done)) }
            guard n > 0 else { break }
            done += n
        }
        return Array(bytes[0..<done])
    }

    /// Moves the file to `destination` so it outlives the request.
    public func move(to destination: String) throws {
        guard rename(path, destination) == 0 else { throw HTTPServerError(operation: "rename \(path)", code: errno) }
    }

    deinit { unlink(path) }
}
