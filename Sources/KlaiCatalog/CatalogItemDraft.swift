import Foundation
import KlaiStore

/// The columns of a catalog item about to be written, checked and resolved (codes, Gregorian dates).
public struct CatalogItemDraft: Sendable, Hashable {
    public var kind: CatalogItem.Kind
    public var stableKey: String
    public var title: String
    public var description = ""
    public var grade: String?
    public var learningArea: String?
    public var subject = ""
    public var unit: String?
    public var lessonNumber: Int?
    public var indicators: [String] = []
    public var objectives = ""
    public var channel: String?
    public var airDate: LocalDate?
    public var period: Int?
    public var termID: Int64?
    public var captureStart: TimeOfDay?
    public var captureEnd: TimeOfDay?
    public var durationSeconds: Double?
    public var parentKey: String?
    public var attachmentType: String?
    public var filePath: String?
    public var isSample = false

    public init(kind: CatalogItem.Kind, stableKey: String, title: String) {
        self.kind = kind
        self.stableKey = stableKey
        self.title = title
    }

    /// What an upsert did.
    public enum Change: Sendable { case inserted, updated, unchanged }

    /// Inserts the item, or updates the item with the same stable key only where a value differs.
    ///
    /// `ON CONFLICT … DO UPDATE … WHERE` (https://sqlite.org/lang_upsert.html) skips identical rows, so
    /// re-importing a manifest leaves `updated_at` and the search index untouched.
    /// - Returns: the item's id and what changed.
    @discardableResult
    public func upsert(in db: Database, now: Date = Date()) throws -> (id: Int64, change: Change) {
        let parentID: Int64? = try parentKey.flatMap { try db.scalar("SELECT id FROM catalog_item WHERE stable_key = ?", [$0]) }
        let existing: Int64? = try db.scalar("SELECT id FROM catalog_item WHERE stable_key = ?", [stableKey])
        let values: [(any DatabaseValueConvertible)?] = [
            kind.rawValue, stableKey, title, description, grade, learningArea, subject, unit, lessonNumber,
            indicators.joined(separator: "\n"), objectives, channel, airDate, period, termID, captureStart, captureEnd,
            durationSeconds, parentID, attachmentType, filePath, isSample, now, now,
        ]
        try db.execute(Self.upsertSQL, values)
        if let existing { return (existing, db.changes > 0 ? .updated : .unchanged) }
        return (db.lastInsertRowID, .inserted)
    }

    static let assignedColumns = [
        "kind", "title", "description", "grade", "learning_area", "subject", "unit", "lesson_number", "indicators",
        "objectives", "channel", "air_date", "period", "term_id", "capture_start", "capture_end", "duration_seconds",
        "parent_id", "attachment_type", "file_path", "sample",
    ]

    static let upsertSQL = """
        INSERT INTO catalog_item (kind, stable_key, title, description, grade, learning_area, subject, unit, lesson_number,
            indicators, objectives, channel, air_date, period, term_id, capture_start, capture_end, duration_seconds,
            parent_id, attachment_type, file_path, sample, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (stable_key) DO UPDATE SET
        """ + " " + assignedColumns.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        + ", updated_at = excluded.updated_at WHERE "
        + assignedColumns.map { "\($0) IS NOT excluded.\($0)" }.joined(separator: " OR ")
}
