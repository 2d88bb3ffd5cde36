import Foundation

/// An exclusive `flock(2)` on `DATA/klai.lock`, held by `klai serve` for as long as it runs and by
/// `klai restore` while it swaps the database.
///
/// The kernel drops the lock when the holder exits, however it exits (kill -9, power cut), so a lock
/// held means a live process: no stale pid files to clean up. The file is opened read-only, which is
/// enough for flock and lets root (restore) and the `klai` user (the server) share one file.
final class LibraryLock {
    private let descriptor: Int32
    let path: String

    /// Takes the lock without waiting.
    /// - Returns: nil when another process holds it.
    /// - Throws: `ServeError` when the lock file cannot be opened or created.
    static func acquire(in folder: URL) throws -> LibraryLock? {
        let path = folder.appendingPathComponent("klai.lock").path
        let descriptor = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ServeError("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let failure = errno
            close(descriptor)
            guard failure == EWOULDBLOCK else {
                throw ServeError("cannot lock \(path): \(String(cString: strerror(failure)))")
            }
            return nil
        }
        return LibraryLock(descriptor: descriptor, path: path)
    }

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit {
        close(descriptor)
    }
}

// Not Sendable: the lock belongs to the command that took it and is released when that command ends.
@available(*, unavailable) extension LibraryLock: Sendable {}
