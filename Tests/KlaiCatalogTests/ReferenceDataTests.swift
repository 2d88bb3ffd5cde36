import Foundation
import KlaiStore
import Testing

@testable import KlaiCatalog

@Suite struct ReferenceDataTests {
    @Test func loadsTheShippedCatalogAndLoadingAgainChangesNothing() throws {
        let library = try TemporaryLibrary.withReferenceData()
        #expect(try library.count("SELECT count(*) FROM grade") == 15)
        #expect(try library.count("SELECT count(*) FROM learning_area") == 8)
        #expect(try library.count("SELECT count(*) FROM channel") == 15)
        let slots = try library.count("SELECT count(*) FROM timetable_slot")
        let lessons = try library.count("SELECT count(*) FROM catalog_item WHERE sample = 1")
        #expect(slots > 100)
        #expect(lessons >= 10)
        let lines = try ReferenceData.load(folder: TemporaryLibrary.shippedCatalog, into: library.store)
        #expect(lines.last?.contains("0 new, 0 updated") == true)
        #expect(try library.count("SELECT count(*) FROM timetable_slot") == slots)
        // Monday 15 June 2026 (term 1/2569): DLTV4 serves ป.4 and broadcasts at 08:45.
        try library.store.readSync { (db: Database) throws in
            let monday = LocalDate(year: 2026, month: 6, day: 15)!
            #expect(try Timetable.grade(for: "DLTV4", on: monday, in: db) == "P4")
            #expect(try Timetable.slot(channel: "DLTV4", date: monday, time: TimeOfDay(hour: 8, minute: 45)!, in: db)?.period == 1)
        }
    }

    @Test func refusesATimetableWithOverlappingPeriodsAndKeepsTheCatalogAsItWas() throws {
        let library = try TemporaryLibrary.withReferenceData()
        let before = try library.count("SELECT count(*) FROM timetable_slot")
        let folder = library.folder.appendingPathComponent("BadCatalog", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
        [{"channel": "DLTV4", "term": "1/2569", "periods": [["08:30", "09:20"], ["09:10", "10:00"]],
          "days": {"mon": ["คณิตศาสตร์", "ภาษาไทย"]}}]
        """.write(to: folder.appendingPathComponent("timetable.json"), atomically: true, encoding: .utf8)
        let error = #expect(throws: ManifestError.self) { try ReferenceData.load(folder: folder, into: library.store) }
        #expect(error?.description.contains("overlaps period 1") == true)
        #expect(try library.count("SELECT count(*) FROM timetable_slot") == before)
    }

    @Test func reportsMalformedJSONWithItsFile() throws {
        let library = try TemporaryLibrary()
        let folder = library.folder.appendingPathComponent("Broken", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "[{\"code\": \"K1\", ".write(to: folder.appendingPathComponent("grades.json"), atomically: true, encoding: .utf8)
        let error = #expect(throws: ManifestError.self) { try ReferenceData.load(folder: folder, into: library.store) }
        #expect(error?.problems.first?.file.hasSuffix("grades.json") == true)
        #expect(error?.problems.first?.message.contains("malformed JSON") == true)
    }
}
