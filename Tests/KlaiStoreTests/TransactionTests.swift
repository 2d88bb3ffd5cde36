import Foundation
import Testing

@testable import KlaiStore

struct Refused: Error {}

@Suite struct TransactionTests {
    private func makeDatabase(_ folder: TemporaryFolder) throws -> Database {
        let db = try Database(path: folder.path("t.sqlite"))
        try SampleSchema.migrator().migrate(db)
        return db
    }

    @Test func rollbackOnThrowLeavesNoTrace() throws {
        let folder = try TemporaryFolder()
        let db = try makeDatabase(folder)
        #expect(throws: Refused.self) {
            try db.transaction {
                try db.execute("INSERT INTO school VALUES (?, ?)", ["1034560001", "A"])
                try db.execute("INSERT INTO class (school_code, grade, room) VALUES (?, ?, ?)", ["1034560001", "P4", 1])
                throw Refused()
            }
        }
        #expect(try db.scalar("SELECT count(*) FROM school", as: Int.self) == 0)
        #expect(try db.scalar("SELECT count(*) FROM class", as: Int.self) == 0)
        #expect(!db.isInTransaction)
        let reopened = try Database(path: folder.path("t.sqlite"))
        #expect(try reopened.scalar("SELECT count(*) FROM school", as: Int.self) == 0)
    }

    @Test func aNestedFailureUndoesOnlyTheInnerWork() throws {
        let folder = try TemporaryFolder()
        let db = try makeDatabase(folder)
        try db.transaction {
            try db.execute("INSERT INTO school VALUES (?, ?)", ["1034560001", "A"])
            _ = try? db.transaction {
                try db.execute("INSERT INTO school VALUES (?, ?)", ["1034560002", "B"])
                throw Refused()
            }
        }
        #expect(try db.fetchAll("SELECT code FROM school").map { try $0.get("code", as: String.self) } == ["1034560001"])
    }

    @Test func aStoreWriteThatThrowsDoesNotDisturbWritesCommittedWithIt() async throws {
        let folder = try TemporaryFolder()
        let store = try Store(configuration: .init(path: folder.path("s.sqlite")), migrator: SampleSchema.migrator())
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<200 {
                group.addTask {
                    do {
                        try await store.write { db in
                            try db.execute("INSERT INTO school VALUES (?, ?)", [String(format: "10%08d", index), "S\(index)"])
                            if index % 10 == 0 { throw Refused() }
                        }
                        return true
                    } catch is Refused {
                        return false
                    }
                }
            }
            var committed = 0
            for try await ok in group where ok { committed += 1 }
            #expect(committed == 180)
        }
        let count = try await store.read { db in try db.scalar("SELECT count(*) FROM school", as: Int.self) }
        #expect(count == 180)
        let refusedPresent = try await store.read { db in
            try db.scalar("SELECT count(*) FROM school WHERE CAST(substr(code, 3) AS INTEGER) % 10 = 0", as: Int.self)
        }
        #expect(refusedPresent == 0)
    }
}
