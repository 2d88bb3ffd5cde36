import Foundation
import Testing

@testable import KlaiStore

@Suite struct DatabaseValueTests {
    @Test func valuesRoundTripThroughARealTable() throws {
        let folder = try TemporaryFolder()
        let db = try Database(path: folder.path("v.sqlite"))
        try db.executeScript("CREATE TABLE v (i INTEGER, d REAL, t TEXT, b BLOB, flag INTEGER, at TEXT, unix REAL, n TEXT, id TEXT)")
        let date = Date(timeIntervalSince1970: 1_781_238_600.125)  // 2026-06-12 11:30 in Bangkok, with milliseconds
        let id = UUID()
        let missing: String? = nil
        try db.execute(
            "INSERT INTO v VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [Int64.max, 2.5, "การบวกเศษส่วน ป.4", Data([0, 1, 255]), true, date, UnixTime(date), missing, id])
        let row = try #require(try db.fetchOne("SELECT * FROM v"))
        #expect(try row.get("i", as: Int64.self) == Int64.max)
        #expect(try row.get("d", as: Double.self) == 2.5)
        #expect(try row.get("t", as: String.self) == "การบวกเศษส่วน ป.4")
        #expect(try row.get("b", as: Data.self) == Data([0, 1, 255]))
        #expect(try row.get("flag", as: Bool.self))
        #expect(try row.get("at", as: Date.self) == date)
        #expect(try row.get("unix", as: UnixTime.self).date == date)
        #expect(try row.get("n", as: String?.self) == nil)
        #expect(try row.get("id", as: UUID.self) == id)
        #expect(try db.scalar("SELECT at FROM v", as: String.self) == "2026-06-12T04:30:00.125Z")
    }

    @Test func timestampsParseTheFormsPeopleAndSQLiteWrite() {
        #expect(ISO8601Timestamp.parse("2026-06-12T08:30:00+07:00") == ISO8601Timestamp.parse("2026-06-12T01:30:00Z"))
        #expect(ISO8601Timestamp.parse("2026-06-12 01:30:00") == ISO8601Timestamp.parse("2026-06-12T01:30:00.000Z"))
        #expect(ISO8601Timestamp.parse("2026-06-12") == Date(timeIntervalSince1970: 1_781_222_400))
        #expect(ISO8601Timestamp.parse("2026-13-12") == nil)
        #expect(ISO8601Timestamp.parse("12/06/2569") == nil)
        #expect(ISO8601Timestamp.parse("2026-06-12T01:30:00Zjunk") == nil)
    }
}

@Suite struct ValuePackTests {
    @Test func valuesBindInOrderAndDecodeFromTheLiveStatement() throws {
        let folder = try TemporaryFolder()
        let db = try Database(path: folder.path("p.sqlite"))
        try db.executeScript("CREATE TABLE lesson (id INTEGER PRIMARY KEY, title TEXT NOT NULL, minutes REAL, note TEXT)")
        let none: String? = nil
        try db.execute("INSERT INTO lesson VALUES (?, ?, ?, ?)", values: 7, "เศษส่วน", 25.5, none)
        let lesson = try db.fetchOne("SELECT title, minutes, note IS NULL FROM lesson WHERE id = ?", values: 7) {
            ($0.string(at: 0), $0.double(at: 1), $0.int64(at: 2))
        }
        #expect(lesson?.0 == "เศษส่วน")
        #expect(lesson?.1 == 25.5)
        #expect(lesson?.2 == 1)
        #expect(try db.fetchOne("SELECT title FROM lesson WHERE id = ?", values: 8) { $0.string(at: 0) } == nil)

        // Empty text is text, not NULL (NOT NULL accepts it), and text keeps an embedded NUL and every Thai byte.
        try db.execute("INSERT INTO lesson VALUES (?, ?, ?, ?)", values: 8, "", 1.0, "ก\u{0}ข")
        let stored = try db.fetchOne("SELECT typeof(title), length(title), hex(note) FROM lesson WHERE id = ?", values: 8) {
            ($0.string(at: 0), $0.int64(at: 1), $0.string(at: 2))
        }
        #expect(stored?.0 == "text")
        #expect(stored?.1 == 0)
        #expect(stored?.2 == "E0B88100E0B882")
    }

    @Test func theWrongNumberOfValuesIsAnErrorNamingTheCounts() throws {
        let folder = try TemporaryFolder()
        let db = try Database(path: folder.path("p.sqlite"))
        try db.executeScript("CREATE TABLE t (a INTEGER, b INTEGER)")
        let error = try #require(throws: DatabaseError.self) { try db.execute("INSERT INTO t VALUES (?, ?)", values: 1) }
        #expect(error.message == "1 arguments for 2 parameters")
        #expect(try db.scalar("SELECT count(*) FROM t", as: Int.self) == 0)
    }
}
