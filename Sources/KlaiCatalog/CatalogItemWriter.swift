import Foundation
import KlaiStore

/// Writes checked drafts into `catalog_item`: inserts new keys, updates existing ones only where a value
/// differs.
///
/// Built for many records in one transaction: the statements are prepared once and reused through the
/// connection's statement cache, values bind through the parameter-pack API (no argument arrays, no
/// existential boxes), and the timestamp is formatted once per import rather than once per row.
struct CatalogItemWriter {
    let db: Database
    /// `created_at`/`updated_at` of every row this writer touches: one import, one instant.
    let timestamp: String

    init(db: Database, now: Date = Date()) {
        self.db = db
        self.timestamp = ISO8601Timestamp.format(now)
    }

    /// The id of the item with `stableKey`, or nil when the key is new (one probe of its UNIQUE index).
    func existingID(stableKey: String) throws -> Int64? {
        try db.fetchOne("SELECT id FROM catalog_item WHERE stable_key = ?", values: stableKey) { $0.int64(at: 0) }
    }

    /// What the caller already knows about a draft's key.
    enum Key {
        /// Nothing: look it up before writing.
        case unknown
        /// Looked up in this transaction: no item has it.
        case new
        /// Looked up in this transaction: the item with this id has it.
        case existing(Int64)
    }

    /// Inserts or updates one item.
    /// - Returns: the item's id and what changed.
    @discardableResult
    func upsert(_ draft: CatalogItemDraft, parentID: Int64?, key: Key = .unknown)
        throws -> (id: Int64, change: CatalogItemDraft.Change) {
        let existing: Int64?
        switch key {
        case .unknown: existing = try existingID(stableKey: draft.stableKey)
        case .new: existing = nil
        case .existing(let id): existing = id
        }
        let indicators = draft.indicators.joined(separator: "\n")
        if let existing {
            try db.execute(
                Self.updateSQL, values: existing, draft.kind.rawValue, draft.title, draft.description, draft.grade,
                draft.learningArea, draft.subject, draft.unit, draft.lessonNumber, indicators, draft.objectives,
                draft.channel, draft.airDate, draft.period, draft.termID, draft.captureStart, draft.captureEnd,
                draft.durationSeconds, parentID, draft.attachmentType, draft.filePath, draft.isSample, timestamp)
            return (existing, db.changes > 0 ? .updated : .unchanged)
        }
        try db.execute(
            Self.insertSQL, values: draft.kind.rawValue, draft.stableKey, draft.title, draft.description, draft.grade,
            draft.learningArea, draft.subject, draft.unit, draft.lessonNumber, indicators, draft.objectives,
            draft.channel, draft.airDate, draft.period, draft.termID, draft.captureStart, draft.captureEnd,
            draft.durationSeconds, parentID, draft.attachmentType, draft.filePath, draft.isSample, timestamp, timestamp)
        return (db.lastInsertRowID, .inserted)
    }

    /// Columns an import assigns, in the order of `updateSQL`'s parameters ?2…?22.
    static let assignedColumns = [
        "kind", "title", "description", "grade", "learning_area", "subject", "unit", "lesson_number", "indicators",
        "objectives", "channel", "air_date", "period", "term_id", "capture_start", "capture_end", "duration_seconds",
        "parent_id", "attachment_type", "file_path", "sample",
    ]

    static let insertSQL = """
        INSERT INTO catalog_item (kind, stable_key, title, description, grade, learning_area, subject, unit, lesson_number,
            indicators, objectives, channel, air_date, period, term_id, capture_start, capture_end, duration_seconds,
            parent_id, attachment_type, file_path, sample, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    // The WHERE clause skips identical rows, so re-importing a manifest leaves `updated_at` and the search
    // index untouched (the search trigger fires only for rows the UPDATE changes). Numbered parameters
    // (https://sqlite.org/lang_expr.html#varparam) let each value bind once for SET and WHERE.
    static let updateSQL: String = {
        let numbered = assignedColumns.enumerated().map { (name: $1, parameter: "?\($0 + 2)") }
        return "UPDATE catalog_item SET "
            + numbered.map { "\($0.name) = \($0.parameter)" }.joined(separator: ", ")
            + ", updated_at = ?\(assignedColumns.count + 2) WHERE id = ?1 AND ("
            + numbered.map { "\($0.name) IS NOT \($0.parameter)" }.joined(separator: " OR ") + ")"
    }()
}
