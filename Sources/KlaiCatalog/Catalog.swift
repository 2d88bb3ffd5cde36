import Foundation
import KlaiStore

/// Look-ups over the catalog that other modules and the web interface use.
///
/// Every function takes the `Database` it runs on, so callers choose the connection and transaction
/// (`store.read { db in try Catalog.item(id: 7, in: db) }`).
public enum Catalog {
    /// The item with this id, or nil.
    public static func item(id: Int64, in db: Database) throws -> CatalogItem? {
        try db.fetchOne("SELECT \(CatalogItem.columns) FROM catalog_item WHERE id = ?", [id]).map(CatalogItem.init(row:))
    }

    /// The item with this stable key (manifest key or `dltv:<channel>:<date>:<period>`), or nil.
    /// Several items by id in one query (a page's lesson cards), keyed by id; unknown ids are left out.
    public static func items(ids: [Int64], in db: Database) throws -> [Int64: CatalogItem] {
        let unique = Array(Set(ids)).prefix(1000)
        guard !unique.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: unique.count).joined(separator: ",")
        let rows = try db.fetchAll("SELECT \(CatalogItem.columns) FROM catalog_item WHERE id IN (\(marks))", unique.map { $0 })
        return Dictionary(
            try rows.map {
                let item = try CatalogItem(row: $0); return (item.id, item)
            }, uniquingKeysWith: { a, _ in a })
    }

    public static func item(stableKey: String, in db: Database) throws -> CatalogItem? {
        try db.fetchOne("SELECT \(CatalogItem.columns) FROM catalog_item WHERE stable_key = ?", [stableKey])
            .map(CatalogItem.init(row:))
    }

    /// The recordings of one channel on one day, in period order.
    public static func recordings(channel: String, on date: LocalDate, in db: Database) throws -> [CatalogItem] {
        try db.fetchAll(
            """
            SELECT \(CatalogItem.columns) FROM catalog_item
            WHERE kind = 'dltv_recording' AND channel = ? AND air_date = ? ORDER BY period, capture_start
            """, [channel, date]
        ).map(CatalogItem.init(row:))
    }

    /// Attachments (lesson plan, worksheets, slides…) of an item.
    public static func attachments(of itemID: Int64, in db: Database) throws -> [CatalogItem] {
        try db.fetchAll("SELECT \(CatalogItem.columns) FROM catalog_item WHERE parent_id = ? ORDER BY id", [itemID])
            .map(CatalogItem.init(row:))
    }

    /// Number of items of each kind.
    public static func counts(in db: Database) throws -> [CatalogItem.Kind: Int] {
        var counts: [CatalogItem.Kind: Int] = [:]
        for row in try db.fetchAll("SELECT kind, count(*) AS n FROM catalog_item GROUP BY kind") {
            if let kind = CatalogItem.Kind(rawValue: try row.get("kind")) { counts[kind] = try row.get("n") }
        }
        return counts
    }
}
