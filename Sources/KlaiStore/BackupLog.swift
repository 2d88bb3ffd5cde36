import Foundation

/// One backup attempt as recorded in the library: when, where to, and whether the copy checked out.
public struct BackupRecord: Sendable, Equatable {
    public let startedAt: Date
    public let finishedAt: Date
    /// The backup file, or the file that was meant to be written when the attempt failed.
    public let file: String
    public let bytes: Int64
    /// Whether the copy was written and `PRAGMA integrity_check` answered "ok".
    public let succeeded: Bool
    /// Why the attempt failed, in words; nil when it succeeded.
    public let failure: String?

    public init(startedAt: Date, finishedAt: Date, file: String, bytes: Int64, succeeded: Bool, failure: String?) {
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.file = file
        self.bytes = bytes
        self.succeeded = succeeded
        self.failure = failure
    }
}

/// The library's record of backup attempts, for the admin page's "last backup" and for failures to show.
///
/// The table is created on first use rather than by a schema migration, like `klai_migration`: a backup
/// must never migrate the database it copies (an upgrade backs up with the new binary while the old
/// server may still be running on the old schema), yet it must be able to record its outcome.
public enum BackupLog {
    static let createTable = """
        CREATE TABLE IF NOT EXISTS klai_backup (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT NOT NULL,
            file TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
            failure TEXT
        )
        """

    /// Appends `record` to the log, creating the table when this library has none yet.
    /// - Throws: `DatabaseError` when the library cannot be written.
    public static func append(_ record: BackupRecord, to db: Database) throws {
        try db.transaction {
            try db.executeScript(createTable)
            try db.execute(
                "INSERT INTO klai_backup (started_at, finished_at, file, bytes, ok, failure) VALUES (?, ?, ?, ?, ?, ?)",
                [record.startedAt, record.finishedAt, record.file, record.bytes, record.succeeded, record.failure])
        }
    }

    /// The newest attempts first, at most `limit`; empty when no backup was ever attempted.
    public static func recent(_ db: Database, limit: Int = 20) throws -> [BackupRecord] {
        try records(db, where: "1", limit: limit)
    }

    /// The last attempt, whatever its outcome (what an admin page shows as "last backup").
    public static func last(_ db: Database) throws -> BackupRecord? { try records(db, where: "1", limit: 1).first }

    /// The last attempt that produced a checked copy.
    public static func lastSuccessful(_ db: Database) throws -> BackupRecord? {
        try records(db, where: "ok = 1", limit: 1).first
    }

    private static func records(_ db: Database, where condition: String, limit: Int) throws -> [BackupRecord] {
        let exists =
            try db.scalar(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'klai_backup'", as: Int.self) ?? 0
        guard exists > 0 else { return [] }
        return try db.fetchAll(
            """
            SELECT started_at, finished_at, file, bytes, ok, failure FROM klai_backup
            WHERE \(condition) ORDER BY id DESC LIMIT ?
            """, [max(0, limit)]
        ).map { row in
            BackupRecord(
                startedAt: try row.get("started_at"), finishedAt: try row.get("finished_at"),
                file: try row.get("file"), bytes: try row.get("bytes"), succeeded: try row.get("ok"),
                failure: try row.get("failure"))
        }
    }
}
