import KlaiStore
import KlaiText

/// Full-text search and filtered browsing over the catalog.
///
/// Text goes through the FTS5 trigram index (https://sqlite.org/fts5.html §4.3.4): every sequence of
/// three characters is indexed, so `เศษส่วน` matches inside `การบวกเศษส่วน` although Thai writes no
/// spaces between words. Words shorter than three characters cannot use the index and are matched
/// with LIKE on the filtered rows instead.
extension Catalog {
    /// Items matching `query`, one page.
    public static func search(_ query: CatalogQuery, in db: Database) throws -> CatalogPage {
        var conditions: [String] = []
        var arguments: [(any DatabaseValueConvertible)?] = []
        let words = (query.text ?? "").split(whereSeparator: { $0.isWhitespace }).map(String.init)
        let indexed = words.filter { $0.unicodeScalars.count >= 3 }
        let short = words.filter { $0.unicodeScalars.count < 3 }
        var from = "catalog_item i"
        if !indexed.isEmpty {
            // The full-text index drives the join: each hit's row is looked up by id and filtered, and bm25
            // is computed only for rows that pass the filters, and only when sorting by relevance (it costs
            // about 1 µs a row, more than the look-up). CROSS JOIN fixes that loop order
            // (https://sqlite.org/optoverview.html, "Manual Control Of Query Plans Using CROSS JOIN"); left to
            // itself the planner may probe the FTS index once per filtered row, which is ~30× slower.
            from = "catalog_search CROSS JOIN catalog_item i INDEXED BY catalog_item_search_filter ON i.id = catalog_search.rowid"
            conditions.append("catalog_search MATCH ?")
            // Each word as a quoted phrase: FTS5 query syntax characters in user text stay literal.
            arguments.append(indexed.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " AND "))
        }
        for word in short {
            conditions.append("(i.title LIKE ? OR i.subject LIKE ? OR i.indicators LIKE ?)")
            let pattern = "%" + word.replacingOccurrences(of: "%", with: "") + "%"
            arguments += [pattern, pattern, pattern]
        }
        let kinds = query.kinds.isEmpty ? [.dlitLesson, .localLesson, .dltvRecording] : query.kinds
        conditions.append("i.kind IN (" + kinds.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")")
        if !query.grades.isEmpty {
            conditions.append("i.grade IN (" + query.grades.map { _ in "?" }.joined(separator: ", ") + ")")
            arguments += query.grades.map { $0 as String? }
        }
        if !query.learningAreas.isEmpty {
            conditions.append("i.learning_area IN (" + query.learningAreas.map { _ in "?" }.joined(separator: ", ") + ")")
            arguments += query.learningAreas.map { $0 as String? }
        }
        if let schools = query.schoolIDs {
            conditions.append("i.school_id IN (" + schools.sorted().map { _ in "?" }.joined(separator: ", ") + ")")
            arguments += schools.sorted().map { $0 as Int64? }
        }
        if let channel = query.channel {
            conditions.append("i.channel = ?")
            arguments.append(channel.uppercased())
        }
        if let termID = query.termID {
            conditions.append("i.term_id = ?")
            arguments.append(termID)
        }
        if let date = query.from {
            conditions.append("i.air_date >= ?")
            arguments.append(date)
        }
        if let date = query.to {
            conditions.append("i.air_date <= ?")
            arguments.append(date)
        }
        let order: String
        switch query.sort {
        case .relevance where !indexed.isEmpty:
            // bm25 weights per column: title counts most (https://sqlite.org/fts5.html §5.1.1).
            order = "bm25(catalog_search, 10.0, 2.0, 4.0, 4.0), i.air_date DESC, i.id DESC"
        case .relevance, .newest: order = "i.air_date DESC, i.id DESC"
        case .oldest: order = "i.air_date ASC, i.id ASC"
        }
        try prepareForSearching(db)
        let sql = """
            SELECT \(qualifiedColumns) FROM \(from) WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(order) LIMIT ? OFFSET ?
            """
        arguments += [query.limit + 1, query.offset]
        var items = try db.fetchAll(sql, arguments).map(CatalogItem.init(row:))
        let hasMore = items.count > query.limit
        if hasMore { items.removeLast() }
        return CatalogPage(items: items, hasMore: hasMore)
    }

    /// `CatalogItem.columns`, each prefixed with the `i.` alias.
    private static let qualifiedColumns = CatalogItem.columns.split(separator: ",")
        .map { "i." + $0.trimmed() }.joined(separator: ", ")

    /// Page cache of a connection that searches, in KiB.
    static let searchCacheKiB = 65_536

    /// Gives the connection a page cache that holds the search index and the item rows it looks up.
    ///
    /// SQLite's default of 2 MB (https://sqlite.org/pragma.html#pragma_cache_size) is far smaller than the
    /// trigram index of a school's library (about 35 MB for 100,000 items), so a broad query would read
    /// most pages from the OS again on every search. Pages are allocated only as they are used.
    private static func prepareForSearching(_ db: Database) throws {
        if try db.scalar("PRAGMA cache_size", as: Int.self) != -searchCacheKiB {
            try db.executeScript("PRAGMA cache_size = -\(searchCacheKiB)")
        }
    }
}
