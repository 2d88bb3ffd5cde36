import KlaiStore

extension Catalog {
    /// What playback accounting needs to know about a catalog item.
    public struct PlayableItem: Sendable, Equatable {
        public var kind: CatalogItem.Kind
        public var learningArea: String?
        public var channel: String?
        public var period: Int?
        /// The item's own duration, else its media asset's; nil while neither is known (not transcoded yet).
        public var durationSeconds: Double?
    }

    /// The playback facts of item `id`, or nil when there is no such item.
    ///
    /// Other modules read the catalog through calls like this one, never by SQL on its tables, so the
    /// catalog's storage can change without them.
    public static func playable(id: Int64, in db: Database) throws -> PlayableItem? {
        guard
            let row = try db.fetchOne(
                """
                SELECT i.kind, i.learning_area, i.channel, i.period, coalesce(i.duration_seconds, a.duration_seconds) AS duration
                FROM catalog_item i LEFT JOIN media_asset a ON a.id = i.asset_id WHERE i.id = ?
                """, [id])
        else { return nil }
        let kindText: String = try row.get("kind")
        return PlayableItem(
            kind: CatalogItem.Kind(rawValue: kindText) ?? .localLesson, learningArea: try row.get("learning_area"),
            channel: try row.get("channel"), period: try row.get("period"),
            durationSeconds: try row.get("duration"))
    }

    /// Whether an item with this id exists.
    public static func contains(id: Int64, in db: Database) throws -> Bool {
        try db.scalar("SELECT 1 FROM catalog_item WHERE id = ?", [id], as: Int.self) != nil
    }
}
