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
    /// True while a `CatalogBulkLoad` has suspended the search triggers: the writer then collects the rows
    /// whose searchable text changes, and `reindexChangedText()` re-indexes them (new rows are indexed by
    /// the bulk load).
    var maintainsSearchIndex = false
    private var changedText: [(id: Int64, old: SearchText, new: SearchText)] = []

    /// The columns of `catalog_search`, as CatalogSchema.searchSQL's triggers write them.
    struct SearchText {
        var title, description, subject, indicators: String
    }

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
    mutating func upsert(_ draft: CatalogItemDraft, parentID: Int64?, key: Key = .unknown)
        throws -> (id: Int64, change: CatalogItemDraft.Change)
    {
        let existing: Int64?
        switch key {
        case .unknown: existing = try existingID(stableKey: draft.stableKey)
        case .new: existing = nil
        case .existing(let id): existing = id
        }
        let indicators = draft.indicators.joined(separator: "\n")
        if let existing {
            // External-content FTS5 tables need a row's old values to delete its terms
            // (https://sqlite.org/fts5.html, "External Content Tables"); only rows whose text changes are read.
            let old =
                maintainsSearchIndex
                ? try db.fetchOne(
                    Self.changedSearchTextSQL, values: existing, draft.title, draft.description, draft.subject, indicators
                ) { SearchText(title: $0.string(at: 0), description: $0.string(at: 1), subject: $0.string(at: 2), indicators: $0.string(at: 3)) } : nil
            try db.execute(
                Self.updateSQL, values: existing, draft.kind.rawValue, draft.title, draft.description, draft.grade,
                draft.learningArea, draft.subject, draft.unit, draft.lessonNumber, indicators, draft.objectives,
                draft.channel, draft.airDate, draft.period, draft.termID, draft.captureStart, draft.captureEnd,
                draft.durationSeconds, parentID, draft.attachmentType, draft.filePath, draft.isSample, timestamp)
            let change: CatalogItemDraft.Change = db.changes > 0 ? .updated : .unchanged
            if let old {
                changedText.append(
                    (
                        existing, old,
                        SearchText(
                            title: draft.title, description: draft.description,
                            subject: draft.subject, indicators: indicators)
                    ))
            }
            return (existing, change)
        }
        try db.execute(
            Self.insertSQL, values: draft.kind.rawValue, draft.stableKey, draft.title, draft.description, draft.grade,
            draft.learningArea, draft.subject, draft.unit, draft.lessonNumber, indicators, draft.objectives,
            draft.channel, draft.airDate, draft.period, draft.termID, draft.captureStart, draft.captureEnd,
            draft.durationSeconds, parentID, draft.attachmentType, draft.filePath, draft.isSample, timestamp, timestamp)
        return (db.lastInsertRowID, .inserted)
    }

    /// Replaces the search terms of the rows whose text changed, all at once after the rows are written.
    ///
    /// Not row by row: once `catalog_search` has been written in a transaction, every later statement
    /// with a statement journal (any UPDATE of `catalog_item`, which has foreign keys) makes SQLite call
    /// FTS5's xSavepoint, which flushes its pending terms (https://sqlite.org/vtab.html#xsavepoint).
    mutating func reindexChangedText() throws {
        for (id, old, _) in changedText {
            try db.execute(Self.searchDeleteSQL, values: id, old.title, old.description, old.subject, old.indicators)
        }
        for (id, _, new) in changedText {
            try db.execute(Self.searchInsertSQL, values: id, new.title, new.description, new.subject, new.indicators)
        }
        changedText.removeAll()
    }

    /// Columns an import assigns, in the order of `updateSQL`'s parameters ?2…?22.
    static let assignedColumns = [
        "kind", "title", "description", "grade", "learning_area", "subject", "unit", "lesson_number", "indicators",
        "objectives", "channel", "air_date", "period", "term_id", "capture_start", "capture_end", "duration_seconds",
        "parent_id", "attachment_type", "file_path", "sample"
    ]

    static let changedSearchTextSQL = """
        SELECT title, description, subject, indicators FROM catalog_item
        WHERE id = ?1 AND (title IS NOT ?2 OR description IS NOT ?3 OR subject IS NOT ?4 OR indicators IS NOT ?5)
        """
    static let searchDeleteSQL = """
        INSERT INTO catalog_search(catalog_search, rowid, title, description, subject, indicators) VALUES ('delete', ?, ?, ?, ?, ?)
        """
    static let searchInsertSQL = "INSERT INTO catalog_search(rowid, title, description, subject, indicators) VALUES (?, ?, ?, ?, ?)"

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
