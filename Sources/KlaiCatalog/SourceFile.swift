import Foundation
import KlaiStore

/// An original media file as it arrived, kept in `Media/sources/`, known by its content hash.
public struct SourceFile: Sendable, Hashable, Identifiable {
    public var id: Int64
    /// Relative to `Media/`.
    public var path: String
    public var originalName: String
    public var contentHash: String
    public var sizeBytes: Int64
    public var durationSeconds: Double?

    init(row: Row) throws {
        id = try row.get("id")
        path = try row.get("path")
        originalName = try row.get("original_name")
        contentHash = try row.get("content_hash")
        sizeBytes = try row.get("size_bytes")
        durationSeconds = try row.get("duration_seconds")
    }

    static let columns = "id, path, original_name, content_hash, size_bytes, duration_seconds"

    /// The source with this content hash, if the same bytes arrived before.
    public static func find(hash: String, in db: Database) throws -> SourceFile? {
        try db.fetchOne("SELECT \(columns) FROM source_file WHERE content_hash = ?", [hash]).map(SourceFile.init(row:))
    }

    /// The source with this id.
    public static func find(_ id: Int64, in db: Database) throws -> SourceFile? {
        try db.fetchOne("SELECT \(columns) FROM source_file WHERE id = ?", [id]).map(SourceFile.init(row:))
    }

    /// Records a kept original. - Returns: its id.
    static func insert(
        path: String, originalName: String, hash: String, size: Int64, duration: Double?,
        in db: Database, now: Date = Date()
    ) throws -> Int64 {
        try db.execute(
            """
            INSERT INTO source_file (path, original_name, content_hash, size_bytes, duration_seconds, arrived_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """, [path, originalName, hash, size, duration, now])
        return db.lastInsertRowID
    }
}
