import Foundation
import Testing

@testable import KlaiStore

@Suite struct DatabaseErrorTests {
    private func makeDatabase(_ folder: TemporaryFolder, publicArguments: Bool = false) throws -> Database {
        let db = try Database(path: folder.path("e.sqlite"), publicStatementArguments: publicArguments)
        try SampleSchema.migrator().migrate(db)
        try db.execute("INSERT INTO school VALUES ('1034560001', 'A')")
        return db
    }

    @Test func aUniqueViolationIsTypedAndNamesTheSQL() throws {
        let folder = try TemporaryFolder()
        let db = try makeDatabase(folder)
        let sql = "INSERT INTO school VALUES (?, ?)"
        let error = try #require(throws: DatabaseError.self) { try db.execute(sql, ["1034560001", "secret name"]) }
        #expect(error.kind == .uniqueConstraint)
        #expect(error.isConstraintViolation)
        #expect(error.sql == sql)
        #expect(error.message.contains("school.code"))
        #expect(!error.description.contains("secret name"), "bound values are hidden by default")
    }

    @Test func boundValuesAppearOnlyWhenMadePublic() throws {
        let folder = try TemporaryFolder()
        let db = try makeDatabase(folder, publicArguments: true)
        let error = try #require(throws: DatabaseError.self) {
            try db.execute("INSERT INTO school VALUES (?, ?)", ["1034560001", "visible"])
        }
        #expect(error.description.contains("'visible'"))
    }

    @Test func foreignKeyNotNullAndCheckViolationsAreDistinguished() throws {
        let folder = try TemporaryFolder()
        let db = try makeDatabase(folder)
        let insert = "INSERT INTO class (school_code, grade, room) VALUES (?, ?, ?)"
        #expect(
            try #require(throws: DatabaseError.self) { try db.execute(insert, ["9999999999", "P4", 1]) }.kind
                == .foreignKeyConstraint)
        #expect(
            try #require(throws: DatabaseError.self) { try db.execute(insert, ["1034560001", nil, 1]) }.kind
                == .notNullConstraint)
        #expect(
            try #require(throws: DatabaseError.self) { try db.execute(insert, ["1034560001", "", 1]) }.kind
                == .checkConstraint)
    }

    @Test func aFileThatIsNotADatabaseIsRefusedClearly() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("notes.sqlite")
        try Data("this is a lesson plan, not a database\n".utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: DatabaseError.self) { try Database(path: path) }
        #expect(error.kind == .corrupt)
        #expect(error.description.contains("not a database"))
    }

    @Test func aMissingColumnOrWrongTypeIsAReadableError() throws {
        let folder = try TemporaryFolder()
        let db = try makeDatabase(folder)
        let row = try #require(try db.fetchOne("SELECT code, name FROM school"))
        #expect(throws: RowDecodingError.self) { _ = try row.get("nope", as: String.self) }
        let error = try #require(throws: RowDecodingError.self) { _ = try row.get("name", as: Int.self) }
        #expect(error.description.contains("name"))
    }
}
