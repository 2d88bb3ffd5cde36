import KlaiStore

/// Writing a large manifest: the full-text index of new items and the secondary indexes are built in one
/// pass after the rows, and changed items are re-indexed by the writer itself, not by the search triggers.
///
/// Why: every INSERT on `catalog_item` fires `catalog_item_search_insert`, so the statement runs with a
/// statement journal and opens a savepoint on the FTS5 table; FTS5's xSavepoint flushes its pending terms
/// to disk (https://sqlite.org/vtab.html#xsavepoint), so each row becomes a tiny index segment that
/// automerge then merges again and again (https://sqlite.org/fts5.html, "The 'automerge' Configuration
/// Option"). One `INSERT INTO catalog_search … SELECT` after the rows writes the same index with one flush:
/// for 100,000 items about 1 s of CPU instead of 6 s. Likewise the secondary indexes, updated row by row,
/// cost more than building each once from the finished table when the load is a large part of it
/// (https://sqlite.org/lang_createindex.html): 3 s against 0.5 s for 100,000 items.
///
/// Everything happens inside the caller's transaction: DDL is transactional in SQLite, so a failed import
/// rolls back to the triggers and indexes it found, and other connections never see them missing (WAL
/// readers keep their snapshot; https://sqlite.org/wal.html). The update trigger is suspended too: it
/// costs the same flush for every changed row, where `CatalogItemWriter` collects the changed rows and
/// replaces their terms together at the end (10,000 edited titles: 5.6 s of CPU through the trigger).
///
/// The connection keeps SQLite's default 2 MB page cache: new rows are appended in rowid order and the
/// indexes are built by sorting, so a 128 MB cache measured no faster (100,000 items, CPU 3.8 s either
/// way) while the process grew by 80 MB (https://sqlite.org/pragma.html#pragma_cache_size).
struct CatalogBulkLoad {
    /// Fewest records worth a bulk load; below it the per-row triggers cost less than the DDL.
    static let minimumItems = 500

    private let db: Database
    /// Rows with a larger id are this load's inserts: an INTEGER PRIMARY KEY without AUTOINCREMENT
    /// gives a new row a rowid above the largest present (https://sqlite.org/autoinc.html).
    private let lastIDBefore: Int64
    /// `CREATE TRIGGER` texts of the suspended search triggers, exactly as the schema holds them.
    private let searchTriggers: [String]
    /// `CREATE INDEX` texts of the dropped secondary indexes.
    private let droppedIndexes: [String]

    /// The triggers of CatalogSchema.searchSQL that keep `catalog_search` in step with inserts and updates.
    static let searchTriggerNames = ["catalog_item_search_insert", "catalog_item_search_update"]
    /// FTS5's pending-terms limit during the bulk fill, and its default (FTS5_DEFAULT_HASHSIZE).
    static let bulkHashSize = 32 << 20
    static let defaultHashSize = 1 << 20

    /// Starts a bulk load for `items` records of which `newItems` are new; nil when the per-row path is the
    /// better one. While it runs, the writer must maintain the search index for updated rows
    /// (`CatalogItemWriter.maintainsSearchIndex`).
    ///
    /// The secondary (non-unique) indexes are dropped too when the new items are at least a quarter of
    /// the table: rebuilding an index sorts the whole table, which pays off only for a large load.
    /// - Throws: `DatabaseError`.
    static func begin(items: Int, newItems: Int, in db: Database) throws -> CatalogBulkLoad? {
        guard items >= minimumItems else { return nil }
        var triggers: [String] = []
        for name in searchTriggerNames {
            guard
                let sql = try db.scalar(
                    "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                    [name], as: String.self)
            else { return nil }
            triggers.append(sql)
        }
        let lastID = try db.scalar("SELECT max(id) FROM catalog_item", as: Int64.self) ?? 0
        var indexes: [(name: String, sql: String)] = []
        if newItems >= minimumItems, Int64(newItems) * 4 >= lastID {
            // Only indexes created by CREATE INDEX (origin 'c') and not UNIQUE: constraints stay enforced
            // row by row (https://sqlite.org/pragma.html#pragma_index_list).
            indexes = try db.fetchAll(
                """
                SELECT m.name, m.sql FROM pragma_index_list('catalog_item') AS l JOIN sqlite_master AS m ON m.name = l.name
                WHERE l."unique" = 0 AND l.origin = 'c' AND m.sql IS NOT NULL ORDER BY m.name
                """
            ).map { (try $0.get("name"), try $0.get("sql")) }
        }
        for name in searchTriggerNames { try db.executeScript("DROP TRIGGER \(name)") }
        for index in indexes { try db.executeScript("DROP INDEX \"\(index.name)\"") }
        return CatalogBulkLoad(db: db, lastIDBefore: lastID, searchTriggers: triggers, droppedIndexes: indexes.map(\.sql))
    }

    /// Indexes the new rows for search, restores the triggers and rebuilds the dropped indexes.
    /// Call before the transaction commits; if the transaction rolls back instead, nothing is needed.
    /// - Throws: `DatabaseError`.
    func finish() throws {
        // FTS5 keeps new terms in an in-memory hash and writes a segment each time it outgrows 'hashsize'
        // (1 MiB by default; a long-standing option of fts5_config.c that fts5.html does not list). With
        // 32 MiB, 100,000 items make two large segments instead of dozens that automerge must merge again:
        // about 1.0 s of CPU instead of 1.3 s. The setting is stored in the table's config, so the previous
        // value is put back; an SQLite without the option keeps its default and the fill is only slower.
        let previousHashSize = (try? db.scalar("SELECT v FROM catalog_search_config WHERE k = 'hashsize'", as: Int.self)) ?? nil
        let hashSizeSet =
            (try? db.execute(
                "INSERT INTO catalog_search(catalog_search, rank) VALUES ('hashsize', ?)",
                values: Self.bulkHashSize)) != nil
        // The same columns as catalog_item_search_insert (CatalogSchema.searchSQL) writes.
        try db.execute(
            """
            INSERT INTO catalog_search(rowid, title, description, subject, indicators)
            SELECT id, title, description, subject, indicators FROM catalog_item WHERE id > ?
            """, values: lastIDBefore)
        if hashSizeSet {
            try db.execute(
                "INSERT INTO catalog_search(catalog_search, rank) VALUES ('hashsize', ?)",
                values: previousHashSize ?? Self.defaultHashSize)
        }
        for trigger in searchTriggers { try db.executeScript(trigger) }
        for index in droppedIndexes { try db.executeScript(index) }
        // Fresh statistics let the planner pick the selective index for filtered browsing (a channel rather
        // than a learning area); 60 ms for 100,000 items (https://sqlite.org/lang_analyze.html).
        if !droppedIndexes.isEmpty { try db.executeScript("ANALYZE catalog_item") }
    }
}
