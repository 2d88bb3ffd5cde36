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
        try db.execute("INSERT INTO v VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
