import CSQLite
import Foundation
import KlaiRuntime

/// What an online backup produced.
public struct BackupReport: Sendable {
    public let path: String
    public let bytes: Int64
    /// `PRAGMA integrity_check` of the copy: empty when it answered "ok".
    public let integrityProblems: [String]
    public let duration: Duration
    public var isIntact: Bool { integrityProblems.isEmpty }
}

extension Database {
    /// Copies this database into `destination` with the online backup API, consistently, while other
    /// connections keep writing (https://sqlite.org/backup.html).
    ///
    /// The copy is written to `destination.partial`, checked with `PRAGMA integrity_check`, synced and only
    /// then renamed to `destination`, so a failed or interrupted backup never leaves a plausible-looking file.
    /// - Throws: `DatabaseError` when the copy cannot be made.
    public func backup(to destination: String) throws -> BackupReport {
        let clock = ContinuousClock()
        let start = clock.now
        let partial = destination + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        do {
            let target = try Database(path: partial)
            guard let backup = sqlite3_backup_init(target.handle, "main", handle, "main") else {
                throw target.error(code: sqlite3_errcode(target.handle), sql: nil)
            }
            // One step of all pages: the copy is made inside one read transaction, so it is one snapshot.
            var code = sqlite3_backup_step(backup, -1)
            while code == SQLITE_BUSY || code == SQLITE_LOCKED || code == SQLITE_OK {
                usleep(10_000)
                code = sqlite3_backup_step(backup, -1)
            }
            let finish = sqlite3_backup_finish(backup)
            guard code == SQLITE_DONE, finish == SQLITE_OK else {
                throw DatabaseError(
                    extendedResultCode: code == SQLITE_DONE ? finish : code,
                    message: "backup of \(path) failed: \(String(cString: sqlite3_errstr(code == SQLITE_DONE ? finish : code)))")
            }
            // The copy inherits WAL mode; fold it into one self-contained file.
            try target.executeScript("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE")
        }
        // Checked on a fresh connection after the writing one has closed, as a restore would open it.
        let problems = try Database(path: partial, mode: .readOnly).integrityCheck()
        try? FileManager.default.removeItem(atPath: destination)
        try FileManager.default.moveItem(atPath: partial, toPath: destination)
        let size = (try? FileManager.default.attributesOfItem(atPath: destination)[.size] as? NSNumber)?.int64Value ?? 0
        return BackupReport(path: destination, bytes: size, integrityProblems: problems, duration: clock.now - start)
    }

    /// Runs `PRAGMA integrity_check` (https://sqlite.org/pragma.html#pragma_integrity_check).
    /// - Returns: the problems found; empty when the database is intact.
    public func integrityCheck() throws(DatabaseError) -> [String] {
        let messages = try fetchAll("PRAGMA integrity_check").compactMap { String.fromDatabaseValue($0[0]) }
        return messages == ["ok"] ? [] : messages
    }
}

extension Store {
    /// Makes a consistent copy of the live database at `destination` on its own connection, while writes go on.
    public func backup(to destination: String) async throws -> BackupReport {
        let path = configuration.path
        let timeout = configuration.busyTimeout
        return try await BlockingWork.run {
            try Database(path: path, mode: .readOnly, busyTimeout: timeout).backup(to: destination)
        }
    }
}
