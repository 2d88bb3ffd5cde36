import Foundation
import KlaiStore

/// A temporary folder removed when the value is released.
final class TemporaryFolder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("klai-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// A small schema in three steps, used to test migrations and the store.
enum SampleSchema {
    static let steps: [(String, String)] = [
        ("test.1-schools", "CREATE TABLE school (code TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL)"),
        (
            "test.2-classes",
            """
            CREATE TABLE class (id INTEGER PRIMARY KEY, school_code TEXT NOT NULL REFERENCES school(code),
                                grade TEXT NOT NULL CHECK (grade <> ''), room INTEGER NOT NULL,
                                UNIQUE (school_code, grade, room))
            """
        ),
        ("test.3-class-names", "ALTER TABLE class ADD COLUMN label TEXT; CREATE INDEX class_by_grade ON class(grade)")
    ]

    static func migrator(steps count: Int = steps.count) -> Migrator {
        var migrator = Migrator()
        for (identifier, sql) in steps.prefix(count) {
            migrator.register(identifier, sql: sql)
        }
        return migrator
    }

    /// The schema as SQLite describes it, for comparing two databases.
    static func dump(_ db: Database) throws -> [String] {
        try db.fetchAll("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
            .map { "\($0["type"]) \($0["name"]) \($0["sql"])" }
    }
}
