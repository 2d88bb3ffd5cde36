import Glibc

/// File operations the traffic log needs beyond FileManager's: durable replacement, fsync, modes.
/// The log holds who visited what: files are 0640 and folders 0750 (group: the operators who
/// answer an authority's request), the HMAC key 0600.
enum TrafficFiles {
    static let fileMode: mode_t = 0o640
    static let folderMode: mode_t = 0o750
    static let keyMode: mode_t = 0o600

    /// Creates a folder (and its parents) with `folderMode`.
    static func makeFolder(_ path: String) throws {
        var partial = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            partial += "/" + component
            if mkdir(partial, folderMode) != 0 && errno != EEXIST {
                throw HTTPServerError(operation: "mkdir \(partial)", code: errno)
            }
        }
    }

    /// Writes `bytes` to `path` through a temporary file, fsync and rename, then fsyncs the folder.
    static func replaceDurably(_ path: String, with bytes: [UInt8], mode: mode_t) throws {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw HTTPServerError(operation: "open \(temporary)", code: errno) }
        defer { close(fd) }
        try writeAll(fd, bytes, path: temporary)
        guard fsync(fd) == 0 else { throw HTTPServerError(operation: "fsync \(temporary)", code: errno) }
        guard rename(temporary, path) == 0 else { throw HTTPServerError(operation: "rename \(temporary)", code: errno) }
        syncFolder(of: path)
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw HTTPServerError(operation: "write \(path)", code: errno) }
            done += n
        }
    }

    /// Makes a rename or a new file in the folder of `path` durable (fsync(2) on the directory).
    static func syncFolder(of path: String) {
        let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
