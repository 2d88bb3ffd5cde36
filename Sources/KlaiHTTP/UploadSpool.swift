import Dispatch
import Glibc
import Synchronization

/// The temporary file a large request body is written to, on a serial queue of its own so the
/// event loop never waits for the disk; writes happen in the order they were queued.
final class UploadSpool: Sendable {
    let path: String
    private let fd: Int32
    private let queue: DispatchQueue
    private let failedFlag = Atomic<Bool>(false)
    /// errno of the failed write (ENOSPC when the disk filled), 0 while none failed.
    private let failureCode = Atomic<Int32>(0)

    /// Creates the file (mkstemp, mode 0600) in `directory`.
    init?(directory: String) {
        var template = Array("\(directory)/klai-upload-XXXXXX".utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { return nil }
        self.fd = fd
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        queue = DispatchQueue(label: "klai.http.upload")
    }

    /// Whether a write failed: the rest of the body is read and dropped, and the request gets an error.
    var failed: Bool { failedFlag.load(ordering: .acquiring) }

    /// Whether the failed write found the disk full (ENOSPC, EDQUOT): answered 507 rather than 500.
    var diskWasFull: Bool {
        let code = failureCode.load(ordering: .acquiring)
        return code == ENOSPC || code == EDQUOT
    }

    /// Queues `bytes`; `done` runs on the queue once they are written.
    func write(_ bytes: [UInt8], done: @escaping @Sendable () -> Void) {
        queue.async { [self] in
            var offset = 0
            while offset < bytes.count, !failedFlag.load(ordering: .relaxed) {
                let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
                if n < 0 {
                    if errno == EINTR { continue }
                    failureCode.store(errno, ordering: .relaxed)
                    failedFlag.store(true, ordering: .releasing)
                    break
                }
                offset += n
            }
            done()
        }
    }

    /// Closes the file once every queued write is done; the request then owns it as a `TemporaryFile`.
    func finish(size: Int) -> TemporaryFile {
        queue.sync { _ = close(fd) }
        return TemporaryFile(path: path, size: size)
    }

    /// Closes and removes the file after the queued writes (refused or abandoned upload).
    func discard() {
        queue.async { [fd, path] in
            close(fd)
            unlink(path)
        }
    }
}
