import KlaiStore

/// The catalog's tables, registered into the executable's `Migrator`.
///
/// Identifiers never change once released; a new table or column is a new migration at the end.
/// Local dates (`air_date`, `starts_on`) are `YYYY-MM-DD` Gregorian text and times of day `HH:MM`
/// Thai local time; instants (`created_at`) are ISO-8601 UTC text as KlaiStore writes `Date`.
public enum CatalogSchema {
    /// Registers every catalog migration, in order.
    public static func register(in migrator: inout Migrator) {
        migrator.register("catalog.1-reference", sql: referenceSQL)
        migrator.register("catalog.2-items", sql: itemsSQL)
        migrator.register("catalog.3-search", sql: searchSQL)
        migrator.register("catalog.4-jobs", sql: jobsSQL)
        migrator.register("catalog.5-browse-indexes", sql: browseIndexesSQL)
        migrator.register("catalog.6-search-filter-index", sql: searchFilterIndexSQL)
        migrator.register("catalog.7-live", sql: liveSQL)
        migrator.register("catalog.8-school-uploads", sql: SchoolUpload.schemaSQL)
    }

    /// A migrator holding only the catalog's migrations (tests and tools that need nothing else).
    public static var migrator: Migrator {
        var migrator = Migrator()
        register(in: &migrator)
        return migrator
    }
}
