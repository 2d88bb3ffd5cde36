import Foundation
import KlaiStore

/// One playable piece of media: a source file (or a cut of it) and its HLS output.
public struct MediaAsset: Sendable, Hashable, Identifiable {
    /// Where an asset is in its life.
    /// Stored as this text (the schema's CHECK lists the same words): never renamed once released.
    public enum Status: String, Sendable, CaseIterable {
        case arrived = "arrived", waiting = "waiting", transcoding = "transcoding", ready = "ready", failed = "failed"
    }

    public var id: Int64
    public var sourceFileID: Int64?
    public var status: Status
    /// Seconds into the source where this asset starts and ends (nil: whole file).
    public var cutStart: Double?
    public var cutEnd: Double?
    public var durationSeconds: Double?
    /// Relative to `Media/`: `hls/<id>-v<n>`, the current transcode (see `MediaLibrary.hlsPath`).
    public var hlsPath: String?
    public var error: String?

    static let columns = "id, source_file_id, status, cut_start, cut_end, duration_seconds, hls_path, error"

    init(row: Row) throws {
        id = try row.get("id")
        sourceFileID = try row.get("source_file_id")
        status = Status(rawValue: try row.get("status")) ?? .failed
        cutStart = try row.get("cut_start")
        cutEnd = try row.get("cut_end")
        durationSeconds = try row.get("duration_seconds")
        hlsPath = try row.get("hls_path")
        error = try row.get("error")
    }

    /// The asset with this id, or nil.
    public static func find(_ id: Int64, in db: Database) throws -> MediaAsset? {
        try db.fetchOne("SELECT \(columns) FROM media_asset WHERE id = ?", [id]).map(MediaAsset.init(row:))
    }

    /// Creates an asset for a source (optionally a cut of it), waiting for its transcode job.
    /// - Returns: the new asset's id.
    public static func create(
        sourceFileID: Int64, cutStart: Double? = nil, cutEnd: Double? = nil,
        in db: Database, now: Date = Date()
    ) throws -> Int64 {
        let duration = cutEnd.map { $0 - (cutStart ?? 0) }
        try db.execute(
            """
            INSERT INTO media_asset (source_file_id, status, cut_start, cut_end, duration_seconds, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [sourceFileID, Status.waiting, cutStart, cutEnd, duration, now, now])
        return db.lastInsertRowID
    }
}

extension MediaAsset.Status: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { .text(rawValue) }
    public static func fromDatabaseValue(_ value: DatabaseValue) -> Self? { String.fromDatabaseValue(value).flatMap(Self.init) }
    public func bind(to statement: Statement, at index: Int32) throws(DatabaseError) {
        try rawValue.bind(to: statement, at: index)
    }
}
