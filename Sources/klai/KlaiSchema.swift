import Foundation
import KlaiCatalog
import KlaiEvaluation
import KlaiLearning
import KlaiStore

/// The whole schema of a Klai library: every module's migrations in the order they apply.
///
/// Identifiers never change once released; a new table or column is a new migration at the end.
enum KlaiSchema {
    static let migrator: Migrator = {
        var migrator = Migrator()
        migrator.register("library.1-identity") { db in
            try db.executeScript(
                """
                CREATE TABLE klai_library (
                    id TEXT PRIMARY KEY NOT NULL,
                    created_at TEXT NOT NULL,
                    created_by_version TEXT NOT NULL
                );
                """)
            try db.execute(
                "INSERT INTO klai_library (id, created_at, created_by_version) VALUES (?, ?, ?)",
                [UUID(), Date(), KlaiCLI.version])
        }
        CatalogSchema.register(in: &migrator)
        LearningSchema.register(in: &migrator)
        EvaluationSchema.register(in: &migrator)
        TrafficHeadTable.register(in: &migrator)
        return migrator
    }()
}
