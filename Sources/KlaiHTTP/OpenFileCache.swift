import Synchronization

/// Recently opened files (and recent misses) by path, kept for a few seconds, like nginx's
/// `open_file_cache`: a hit costs no system call and no thread hop. Media files are never rewritten
/// in place (Klai publishes by renaming a new folder), so a short lifetime is safe; a changed or
/// new file is seen once its entry expires.
final class OpenFileCache: Sendable {
    struct Entry: Sendable {
        /// `nil` records a miss (404), so floods of missing paths do not reach the disk either.
        let file: OpenedFile?
        let expires: UInt64
    }

    private let entries = Mutex<[String: Entry]>([:])
    let lifetime: UInt64
    let capacity: Int

    init(lifetime: Duration, capacity: Int) {
        self.lifetime = lifetime.nanoseconds
        self.capacity = capacity
    }

    /// The cached outcome for `path`: `.some(nil)` is a remembered miss; `nil` means unknown.
    func lookup(_ path: String, now: UInt64) -> OpenedFile?? {
        entries.withLock { entries in
            guard let entry = entries[path] else { return nil }
            guard entry.expires > now else {
                entries[path] = nil
                return nil
            }
            return .some(entry.file)
        }
    }

    func store(_ path: String, _ file: OpenedFile?, now: UInt64) {
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.expires > now }
                // Still full of live entries: forget a quarter (descriptors close with the last response).
                if entries.count >= capacity {
                    for key in entries.keys.prefix(capacity / 4 + 1) { entries[key] = nil }
                }
            }
            entries[path] = Entry(file: file, expires: now + lifetime)
        }
    }
}
