import Foundation
import Glibc
import KlaiCrypto
import KlaiStore

extension MediaLibrary {
    /// `Media/.placing.lock`: `Ingestor`, `ManifestImporter` and `SchoolUpload` (so `klai ingest`, `klai catalog
    /// import`, and in `klai serve` the inbox and uploads) hold it shared from before the copy until its commit;
    /// the start-up sweep takes it exclusive without waiting, so it never looks at `sources/` while another
    /// process is between placing a file and committing the row that names it. (The live recorder runs only
    /// inside `klai serve`, after the sweep; a recording it had linked but not committed stays in `live/`, and
    /// `LiveRecorder.recover()`, which runs before the sweep, commits it.)
    public var placingLock: URL { root.appendingPathComponent(".placing.lock") }

    /// Runs `body` holding the placing lock shared (waiting only while a sweep runs: a moment at start-up).
    /// - Throws: `CatalogError` when the lock file cannot be opened or locked, or what `body` throws.
    func whilePlacing<T>(_ body: () throws -> T) throws -> T {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let descriptor = open(placingLock.path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CatalogError("cannot open the lock file \(placingLock.path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_SH) != 0 {
            guard errno == EINTR else { throw CatalogError("cannot lock \(placingLock.path): \(String(cString: strerror(errno)))") }
        }
        return try body()
    }

    /// What the start-up sweep of `sources/` did.
    public struct SourceSweep: Sendable {
        /// Removed files, relative to `Media/`.
        public var removed: [String] = []
        /// Files named like Klai's (`<16 hex>-<name>`) that no row names but whose bytes do not hash to their
        /// name: Klai did not make them, so they are kept.
        public var keptForeign: [String] = []
        /// Another process held the placing lock: `sources/` was not looked at.
        public var busy = false
    }

    /// Removes what a kill left in `sources/` between placing an original and committing its row: hidden
    /// `.NAME.partial-N` copies, and `<16 hex>-<name>` files that no `source_file` row names and whose SHA-256
    /// begins with those 16 hex (so Klai made them: `keepOriginal` renames only a verified copy). Anything
    /// else is never touched. Such an orphan is never the only copy of a recording: every placer keeps its
    /// original (an inbox file, a manifest's file, a live recording) until after its commit, and an upload's
    /// original is on the sender's device (its spool, whose request never got an answer, is gone).
    ///
    /// Call it once at start-up, after the database is open and before anything in this process can place a
    /// file; it takes the placing lock exclusive without waiting and does nothing when another process
    /// (`klai ingest`, `klai catalog import`) holds it.
    public func sweepOrphanSources(store: Store) throws -> SourceSweep {
        var sweep = SourceSweep()
        guard FileManager.default.fileExists(atPath: sources.path) else { return sweep }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let descriptor = open(placingLock.path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CatalogError("cannot open the lock file \(placingLock.path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                throw CatalogError("cannot lock \(placingLock.path): \(String(cString: strerror(errno)))")
            }
            sweep.busy = true
            return sweep
        }
        // The folder is listed before the rows are read, as `CatalogAttachments.sweepOrphans` does.
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: sources.path)) ?? []).sorted()
        let candidates = names.filter { Self.isTemporaryCopyName($0) || Self.isKeptName($0) }
        guard !candidates.isEmpty else { return sweep }
        let named = Set(
            try store.readSync { db in
                try db.fetchAll("SELECT path FROM source_file").compactMap { row -> String? in try row.get("path") }
            }.map { url($0).standardizedFileURL.path })
        for name in candidates {
            let file = sources.appendingPathComponent(name)
            guard !named.contains(file.standardizedFileURL.path) else { continue }
            if Self.isKeptName(name) {
                guard let hash = try? SHA256.hashFile(file), hash.hasPrefix(name.prefix(16)) else {
                    sweep.keptForeign.append("sources/" + name)
                    continue
                }
            }
            guard (try? FileManager.default.removeItem(at: file)) != nil else { continue }
            sweep.removed.append("sources/" + name)
        }
        if !sweep.removed.isEmpty { try Self.syncFolder(sources) }
        return sweep
    }

    /// Whether `name` is one `keepOriginal` gives: `<16 lowercase hex of the SHA-256>-<original name>`.
    static func isKeptName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard bytes.count > 17, bytes[16] == UInt8(ascii: "-") else { return false }
        return bytes[..<16].allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// Whether `name` is a copy `keepOriginal` had not finished: `.<kept name>.partial-<digits>`.
    static func isTemporaryCopyName(_ name: String) -> Bool {
        guard name.hasPrefix("."), let marker = name.range(of: ".partial-", options: .backwards) else { return false }
        let digits = name[marker.upperBound...]
        return !digits.isEmpty && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
            && isKeptName(String(name[name.index(after: name.startIndex)..<marker.lowerBound]))
    }
}
