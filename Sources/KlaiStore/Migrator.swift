import Foundation

/// Ordered schema migrations, each applied once in its own transaction and recorded.
///
/// Every module contributes its migrations under identifiers of its own (`catalog.1-lessons`), and the
/// executable registers them all in one order. A database that records a migration this binary does
/// not know was written by a newer Klai: it is refused, never touched.
public struct Migrator: Sendable {
    /// One step of the schema.
    public struct Migration: Sendable {
        public let identifier: String
        public let apply: @Sendable (Database) throws -> Void
    }

    /// Migrations in the order they apply.
    public private(set) var migrations: [Migration] = []

    public init() {}

    /// Appends a migration. Identifiers must be unique and must never change once released.
    public mutating func register(_ identifier: String, _ apply: @escaping @Sendable (Database) throws -> Void) {
        precondition(!migrations.contains { $0.identifier == identifier }, "duplicate migration \(identifier)")
        migrations.append(Migration(identifier: identifier, apply: apply))
    }

    /// Appends a migration that runs a schema script.
    public mutating func register(_ identifier: String, sql: String) {
        register(identifier) { db in try db.executeScript(sql) }
    }

    /// Identifiers already applied to `db`, in the order they were applied.
    public static func appliedIdentifiers(_ db: Database) throws -> [String] {
        let exists =
            try db.scalar(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'klai_migration'", as: Int.self) ?? 0
        guard exists > 0 else { return [] }
        return try db.fetchAll("SELECT identifier FROM klai_migration ORDER BY rowid").map { try $0.get(0) }
    }

    /// Fails when `db` was migrated by a newer binary (it records migrations this one does not know).
    public func checkNotNewer(_ db: Database) throws {
        let known = Set(migrations.map(\.identifier))
        let unknown = try Self.appliedIdentifiers(db).filter { !known.contains($0) }
        if !unknown.isEmpty {
            throw MigrationError.databaseIsNewer(path: db.path, unknownMigrations: unknown)
        }
    }

    /// Applies every migration not yet applied, each in its own transaction.
    /// - Returns: the identifiers applied now.
    /// - Throws: `MigrationError.databaseIsNewer` before changing anything, or the failing migration's error
    ///   wrapped in `MigrationError.failed` (that migration rolled back, earlier ones kept).
    @discardableResult
    public func migrate(_ db: Database) throws -> [String] {
        try checkNotNewer(db)
        try db.executeScript(
            """
            CREATE TABLE IF NOT EXISTS klai_migration (
                identifier TEXT PRIMARY KEY NOT NULL,
                applied_at TEXT NOT NULL
            )
            """)
        let applied = Set(try Self.appliedIdentifiers(db))
        var appliedNow: [String] = []
        for migration in migrations where !applied.contains(migration.identifier) {
            do {
                try db.transaction {
                    try migration.apply(db)
                    try db.execute(
                        "INSERT INTO klai_migration (identifier, applied_at) VALUES (?, ?)",
                        [migration.identifier, Date()])
                    try db.execute("PRAGMA user_version = \(applied.count + appliedNow.count + 1)")
                }
            } catch {
                throw MigrationError.failed(identifier: migration.identifier, underlying: error)
            }
            appliedNow.append(migration.identifier)
        }
        return appliedNow
    }
}

/// Why the schema could not be brought up to date.
public enum MigrationError: Error, Sendable, CustomStringConvertible {
    case databaseIsNewer(path: String, unknownMigrations: [String])
    case failed(identifier: String, underlying: any Error)

    public var description: String {
        switch self {
        case .databaseIsNewer(let path, let unknown):
            return "\(path) was written by a newer version of Klai (it has migrations this version does not know: "
                + unknown.joined(separator: ", ") + "). Run the newer Klai, or restore a backup; the file was not changed."
        case .failed(let identifier, let underlying):
            return "migration \(identifier) failed and was rolled back: \(underlying)"
        }
    }
}
