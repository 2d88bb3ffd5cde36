import Foundation
import KlaiStore

/// The persistent transcode queue: every state change is one SQL statement in the caller's transaction,
/// so a crash at any point leaves a state that `recover` can resume from.
public enum TranscodeQueue {
    /// Retry policy after a failed attempt.
    public struct Backoff: Sendable {
        /// Delay before the second attempt; doubled for each further attempt.
        public var initial: TimeInterval = 30
        public var maximum: TimeInterval = 3600
        public init(initial: TimeInterval = 30, maximum: TimeInterval = 3600) {
            self.initial = initial
            self.maximum = maximum
        }
        /// The delay after `attempts` failed attempts.
        public func delay(afterAttempts attempts: Int) -> TimeInterval {
            min(maximum, initial * pow(2, Double(max(0, attempts - 1))))
        }
    }

    /// Queues a transcode of `assetID`. - Returns: the job id.
    @discardableResult
    public static func enqueue(assetID: Int64, maxAttempts: Int = 3, in db: Database, now: Date = Date()) throws -> Int64 {
        try db.execute(
            """
            INSERT INTO transcode_job (asset_id, state, max_attempts, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
            """, [assetID, TranscodeJob.State.queued, maxAttempts, now, now])
        let id = db.lastInsertRowID
        try db.execute("UPDATE media_asset SET status = ?, updated_at = ? WHERE id = ?", [MediaAsset.Status.waiting, now, assetID])
        return id
    }

    /// The job with this id.
    public static func job(_ id: Int64, in db: Database) throws -> TranscodeJob? {
        try db.fetchOne("SELECT \(TranscodeJob.columns) FROM transcode_job WHERE id = ?", [id]).map(TranscodeJob.init(row:))
    }

    /// Jobs, newest first, optionally only in some states.
    public static func jobs(states: [TranscodeJob.State]? = nil, limit: Int = 100, in db: Database) throws -> [TranscodeJob] {
        let filter = states.map { "WHERE state IN (" + $0.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")" } ?? ""
        return try db.fetchAll("SELECT \(TranscodeJob.columns) FROM transcode_job \(filter) ORDER BY id DESC LIMIT ?", [limit])
            .map(TranscodeJob.init(row:))
    }

    /// Takes the oldest queued job whose backoff has passed and marks it running with its temp folder.
    /// - Parameter tempFolder: makes the temporary folder path for a job id (recorded so recovery can remove it).
    public static func claim(now: Date = Date(), tempFolder: (Int64, Int64) -> String, in db: Database) throws -> TranscodeJob? {
        guard
            let row = try db.fetchOne(
                """
                SELECT id, asset_id FROM transcode_job
                WHERE state = ? AND (run_after IS NULL OR run_after <= ?) ORDER BY id LIMIT 1
                """, [TranscodeJob.State.queued, now])
        else { return nil }
        let id: Int64 = try row.get("id")
        let assetID: Int64 = try row.get("asset_id")
        try db.execute(
            """
            UPDATE transcode_job SET state = ?, attempts = attempts + 1, progress = 0, temp_path = ?,
                started_at = ?, finished_at = NULL, updated_at = ? WHERE id = ?
            """, [TranscodeJob.State.running, tempFolder(id, assetID), now, now, id])
        try db.execute(
            "UPDATE media_asset SET status = ?, updated_at = ? WHERE id = ?",
            [MediaAsset.Status.transcoding, now, assetID])
        return try job(id, in: db)
    }

    /// Records progress (0–100) of a running job. - Returns: true when someone asked to cancel it.
    public static func reportProgress(_ id: Int64, percent: Double, in db: Database, now: Date = Date()) throws -> Bool {
        try db.execute(
            "UPDATE transcode_job SET progress = ?, updated_at = ? WHERE id = ? AND state = ?",
            [min(100, max(0, percent)), now, id, TranscodeJob.State.running])
        return try db.scalar("SELECT cancel_requested FROM transcode_job WHERE id = ?", [id]) ?? false
    }

    /// Marks a running job done and its asset ready.
    public static func finish(
        _ id: Int64, hlsPath: String, durationSeconds: Double?, renditions: String?,
        in db: Database, now: Date = Date()
    ) throws {
        guard let job = try job(id, in: db) else { return }
        try db.execute(
            """
            UPDATE transcode_job SET state = ?, progress = 100, temp_path = NULL, last_error = NULL,
                finished_at = ?, updated_at = ? WHERE id = ?
            """, [TranscodeJob.State.done, now, now, id])
        try db.execute(
            """
            UPDATE media_asset SET status = ?, hls_path = ?, duration_seconds = coalesce(?, duration_seconds),
                renditions = ?, error = NULL, updated_at = ? WHERE id = ?
            """, [MediaAsset.Status.ready, hlsPath, durationSeconds, renditions, now, job.assetID])
        try db.execute(
            """
            UPDATE catalog_item SET duration_seconds = coalesce(?, duration_seconds) WHERE asset_id = ?
            """, [durationSeconds, job.assetID])
    }

    /// Records a failed attempt: queued again after a backoff while attempts remain (and `retryable`),
    /// otherwise failed for good with the reason.
    /// - Returns: the job's new state.
    @discardableResult
    public static func fail(
        _ id: Int64, reason: String, retryable: Bool = true, backoff: Backoff = Backoff(),
        in db: Database, now: Date = Date()
    ) throws -> TranscodeJob.State {
        guard let job = try job(id, in: db) else { return .failed }
        let again = retryable && job.attempts < job.maxAttempts && !job.cancelRequested
        let state: TranscodeJob.State = job.cancelRequested ? .cancelled : (again ? .queued : .failed)
        let runAfter = again ? now.addingTimeInterval(backoff.delay(afterAttempts: job.attempts)) : nil
        try db.execute(
            """
            UPDATE transcode_job SET state = ?, last_error = ?, run_after = ?, temp_path = NULL,
                finished_at = CASE WHEN ? THEN NULL ELSE ? END, updated_at = ? WHERE id = ?
            """, [state, reason, runAfter, again, now, now, id])
        try db.execute(
            "UPDATE media_asset SET status = ?, error = ?, updated_at = ? WHERE id = ?",
            [again ? MediaAsset.Status.waiting : .failed, reason, now, job.assetID])
        return state
    }

    /// Cancels a job: a queued one at once, a running one at its next progress report.
    /// - Returns: false when the job is already finished (done, failed or cancelled).
    @discardableResult
    public static func cancel(_ id: Int64, in db: Database, now: Date = Date()) throws -> Bool {
        try db.execute(
            """
            UPDATE transcode_job SET state = ?, finished_at = ?, updated_at = ? WHERE id = ? AND state = ?
            """, [TranscodeJob.State.cancelled, now, now, id, TranscodeJob.State.queued])
        if db.changes > 0 {
            try failAssetAsCancelled(jobID: id, in: db, now: now)
            return true
        }
        try db.execute(
            "UPDATE transcode_job SET cancel_requested = 1, updated_at = ? WHERE id = ? AND state = ?",
            [now, id, TranscodeJob.State.running])
        return db.changes > 0
    }

    /// Marks a running job cancelled (the runner saw the request and stopped).
    static func markCancelled(_ id: Int64, in db: Database, now: Date = Date()) throws {
        try db.execute(
            """
            UPDATE transcode_job SET state = ?, temp_path = NULL, finished_at = ?, updated_at = ? WHERE id = ?
            """, [TranscodeJob.State.cancelled, now, now, id])
        try failAssetAsCancelled(jobID: id, in: db, now: now)
    }

    /// The asset of a cancelled job has no playable output (yet): failed, saying why.
    private static func failAssetAsCancelled(jobID: Int64, in db: Database, now: Date) throws {
        try db.execute(
            """
            UPDATE media_asset SET status = ?, error = 'transcode cancelled', updated_at = ?
            WHERE id = (SELECT asset_id FROM transcode_job WHERE id = ?)
            """, [MediaAsset.Status.failed, now, jobID])
    }

    /// Puts a failed or cancelled job back in the queue with fresh attempts.
    /// - Returns: false when the job is not failed or cancelled.
    @discardableResult
    public static func retry(_ id: Int64, in db: Database, now: Date = Date()) throws -> Bool {
        try db.execute(
            """
            UPDATE transcode_job SET state = ?, attempts = 0, run_after = NULL, cancel_requested = 0, progress = 0,
                finished_at = NULL, updated_at = ? WHERE id = ? AND state IN (?, ?)
            """, [TranscodeJob.State.queued, now, id, TranscodeJob.State.failed, TranscodeJob.State.cancelled])
        guard db.changes > 0 else { return false }
        try db.execute(
            """
            UPDATE media_asset SET status = ?, updated_at = ? WHERE id = (SELECT asset_id FROM transcode_job WHERE id = ?)
            """, [MediaAsset.Status.waiting, now, id])
        return true
    }

    /// Puts a job that the runner stopped for a shutdown back in the queue, due at once. The attempt is
    /// not counted: a clean stop says nothing about the file (only a crash, counted by `claim`, does).
    /// - Returns: false when the job was no longer running.
    @discardableResult
    public static func requeueStopped(_ id: Int64, in db: Database, now: Date = Date()) throws -> Bool {
        try db.execute(
            """
            UPDATE transcode_job SET state = ?, attempts = max(0, attempts - 1), progress = 0, temp_path = NULL,
                run_after = NULL, updated_at = ? WHERE id = ? AND state = ?
            """, [TranscodeJob.State.queued, now, id, TranscodeJob.State.running])
        guard db.changes > 0 else { return false }
        try db.execute(
            """
            UPDATE media_asset SET status = ?, updated_at = ? WHERE id = (SELECT asset_id FROM transcode_job WHERE id = ?)
            """, [MediaAsset.Status.waiting, now, id])
        return true
    }

    /// Attempts after which a file that keeps crashing the worker (or the server) is quarantined.
    public static let crashLimit = 3

    /// After a crash: jobs left running go back to the queue and their temporary folders are returned so
    /// the caller can remove them. The interrupted attempt stays counted (`claim` counted it before it
    /// began): a file that kills whatever decodes it must not get unlimited tries.
    /// - Returns: the temporary folders of the requeued jobs.
    public static func requeueInterrupted(in db: Database, now: Date = Date()) throws -> [String] {
        let running = TranscodeJob.State.running
        let folders = try db.fetchAll("SELECT temp_path FROM transcode_job WHERE state = ? AND temp_path IS NOT NULL", [running])
            .map { try $0.get("temp_path") as String }
        try db.execute(
            """
            UPDATE media_asset SET status = ?, updated_at = ?
            WHERE id IN (SELECT asset_id FROM transcode_job WHERE state = ?)
            """, [MediaAsset.Status.waiting, now, running])
        try db.execute(
            """
            UPDATE transcode_job SET state = CASE WHEN cancel_requested THEN ? ELSE ? END,
                progress = 0, temp_path = NULL, updated_at = ? WHERE state = ?
            """, [TranscodeJob.State.cancelled, TranscodeJob.State.queued, now, running])
        return folders
    }
}
