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
        contents = nil
    }

    /// The whole file as it was when opened, for a small file (a playlist, an icon): it is sent from
    /// memory with its header in one `send`, and no read on an event loop can wait for the disk.
    let contents: [UInt8]?

    /// Files up to this size are read whole when opened (`contents`).
    static let contentsLimit = 16 * 1024

    init(fd: Int32, size: Int) {
        self.fd = fd
        self.size = size
        contents = nil
    }

    /// Adopts an open descriptor and reads the whole file when it is small; a file that changed
    /// length while it was read keeps no copy (its sends then see the change and end the connection).
    init(fd: Int32, size: Int, readingContentsUpTo limit: Int) {
        self.fd = fd
        self.size = size
        contents = 0 < size && size <= limit ? Self.read(fd, 0..<size) : nil
    }

    /// The bytes of `range`, or nil when the file no longer holds them all (it shrank) or cannot be read.
    func read(_ range: Range<Int>) -> [UInt8]? {
        Self.read(fd, range)
    }

    private static func read(_ fd: Int32, _ range: Range<Int>) -> [UInt8]? {
        guard range.lowerBound >= 0 else { return nil }
        var filled = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: range.count) { buffer, count in
            guard let base = buffer.baseAddress else {
                count = 0
                return
            }
            while filled < buffer.count {
                let n = pread(fd, base + filled, buffer.count - filled, off_t(range.lowerBound + filled))
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                filled += n
            }
            count = filled
        }
        return filled == range.count ? bytes : nil
    }

    deinit { close(fd) }
}
