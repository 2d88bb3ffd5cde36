import Glibc

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
