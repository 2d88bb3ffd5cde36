import Foundation
import Testing

@testable import KlaiStore

@Suite struct MigratorTests {
    @Test func migratesAnEmptyDatabaseAndRecordsEachStep() throws {
        let folder = try TemporaryFolder()
        let db = try Database(path: folder.path("a.sqlite"))
        let applied = try SampleSchema.migrator().migrate(db)
        #expect(applied == SampleSchema.steps.map(\.0))
        #expect(try Migrator.appliedIdentifiers(db) == SampleSchema.steps.map(\.0))
        #expect(try db.scalar("PRAGMA user_version", as: Int.self) == 3)
        #expect(try SampleSchema.migrator().migrate(db).isEmpty, "a second run applies nothing")
    }

    @Test(arguments: 0...2)
    func upgradingFromAnEarlierVersionGivesTheSameSchemaAsFromEmpty(startingSteps: Int) throws {
        let folder = try TemporaryFolder()
        let fresh = try Database(path: folder.path("fresh.sqlite"))
        try SampleSchema.migrator().migrate(fresh)

        let old = try Database(path: folder.path("old.sqlite"))
        try SampleSchema.migrator(steps: startingSteps).migrate(old)
        if startingSteps > 0 {
            try old.execute("INSERT INTO school (code, name) VALUES (?, ?)", ["1034560001", "บ้านหนองบัว"])
        }
        let applied = try SampleSchema.migrator().migrate(old)

        #expect(applied.count == 3 - startingSteps)
        #expect(try SampleSchema.dump(old) == SampleSchema.dump(fresh))
        if startingSteps > 0 {
            #expect(try old.scalar("SELECT name FROM school", as: String.self) == "บ้านหนองบัว", "data survives the upgrade")
        }
    }

    @Test func refusesADatabaseFromANewerSchemaWithoutTouchingIt() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("newer.sqlite")
        do {
            let db = try Database(path: path)
            try SampleSchema.migrator().migrate(db)
            try db.executeScript("PRAGMA wal_checkpoint(TRUNCATE)")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        let older = try Database(path: path)
        #expect {
            try SampleSchema.migrator(steps: 2).migrate(older)
        } throws: { error in
            guard case MigrationError.databaseIsNewer(_, let unknown) = error else { return false }
            return unknown == ["test.3-class-names"] && "\(error)".contains("newer version of Klai")
        }
        #expect(throws: MigrationError.self) {
            _ = try Store(configuration: .init(path: path), migrator: SampleSchema.migrator(steps: 2))
        }
        try older.executeScript("PRAGMA wal_checkpoint(TRUNCATE)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "the file is byte-for-byte unchanged")
    }

    @Test func aFailingMigrationRollsBackAndKeepsTheEarlierOnes() throws {
        let folder = try TemporaryFolder()
        let db = try Database(path: folder.path("a.sqlite"))
        var migrator = SampleSchema.migrator(steps: 1)
        migrator.register("test.2-broken") { db in
            try db.executeScript("CREATE TABLE half_done (x INTEGER)")
            try db.executeScript("THIS IS NOT SQL")
        }
        #expect(throws: MigrationError.self) { try migrator.migrate(db) }
        #expect(try Migrator.appliedIdentifiers(db) == ["test.1-schools"])
        #expect(try db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'", as: Int.self) == 0)
    }
}
