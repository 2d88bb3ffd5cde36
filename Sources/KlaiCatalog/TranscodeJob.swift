import Foundation
import KlaiStore

/// One transcode of one media asset, as stored in `transcode_job`.
///
/// States: queued → running → done | failed | cancelled; a failed attempt with attempts left goes back
/// to queued with a `runAfter` backoff.
public struct TranscodeJob: Sendable, Hashable, Identifiable {
    /// Where a job is.
    /// Stored as this text (the schema's CHECK lists the same words): never renamed once released.
    public enum State: String, Sendable, CaseIterable {
        case queued = "queued", running = "running", done = "done", failed = "failed", cancelled = "cancelled"
    }

    public var id: Int64
    public var assetID: Int64
    public var state: State
    /// 0–100, from decoded timestamps.
    public var progress: Double
    public var attempts: Int
    public var maxAttempts: Int
    /// Not claimed before this instant (backoff after a failure).
    public var runAfter: Date?
    /// Why the last attempt failed, in words.
    public var lastError: String?
    /// The running attempt's temporary folder.
    public var tempPath: String?
    public var cancelRequested: Bool
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?

    static let columns = """
        id, asset_id, state, progress, attempts, max_attempts, run_after, last_error, temp_path, cancel_requested,
        created_at, started_at, finished_at
        """

    init(row: Row) throws {
        id = try row.get("id")
        assetID = try row.get("asset_id")
        state = State(rawValue: try row.get("state")) ?? .failed
        progress = try row.get("progress")
        attempts = try row.get("attempts")
        maxAttempts = try row.get("max_attempts")
        runAfter = try row.get("run_after")
        lastError = try row.get("last_error")
        tempPath = try row.get("temp_path")
        cancelRequested = try row.get("cancel_requested")
        createdAt = try row.get("created_at")
        startedAt = try row.get("started_at")
        finishedAt = try row.get("finished_at")
    }
}

extension TranscodeJob.State: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { .text(rawValue) }
    public static func fromDatabaseValue(_ value: DatabaseValue) -> Self? { String.fromDatabaseValue(value).flatMap(Self.init) }
    public func bind(to statement: Statement, at index: Int32) throws(DatabaseError) {
        try rawValue.bind(to: statement, at: index)
    }
}
