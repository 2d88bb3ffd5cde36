import Foundation
import KlaiStore
import Testing

@testable import KlaiCatalog

@Suite struct SearchTests {
    static func library() throws -> TemporaryLibrary {
        let library = try TemporaryLibrary.withReferenceData()
        _ = try ManifestImporter(media: nil).importFile(
            try library.file(
                "more.json",
                """
                [
                  {"key": "r1", "kind": "dltv_recording", "title": "ทบทวนการบวกเศษส่วน", "channel": "DLTV4", "airDate": "2569-06-15",
                   "period": 1, "grade": "P4", "learningArea": "ค", "subject": "คณิตศาสตร์", "academicYear": 2569, "term": 1},
                  {"key": "r2", "kind": "dltv_recording", "title": "Fractions in English", "channel": "DLTV4", "airDate": "2026-06-16",
                   "period": 2, "grade": "P4", "learningArea": "อ", "subject": "ภาษาอังกฤษ", "academicYear": 2569, "term": 1},
                  {"key": "r3", "kind": "dltv_recording", "title": "เศษส่วนและทศนิยม", "channel": "DLTV5", "airDate": "2026-07-01",
                   "period": 1, "grade": "P5", "learningArea": "ค", "academicYear": 2569, "term": 1}
                ]
                """), into: library.store)
        return library
    }

    @Test func thaiSubstringFindsLessonsWithoutWordBoundaries() throws {
        let library = try Self.library()
        let titles = try library.store.readSync { db in try Catalog.search(CatalogQuery(text: "เศษส่วน"), in: db).items.map(\.title) }
        #expect(Set(titles) == ["การบวกเศษส่วน", "การลบเศษส่วน", "ทบทวนการบวกเศษส่วน", "เศษส่วนและทศนิยม"])
        // Relevance: a title that is mostly the word comes before one where it is a small part.
        let english = try library.store.readSync { db in try Catalog.search(CatalogQuery(text: "fraction"), in: db).items.map(\.stableKey) }
        #expect(english == ["r2"])
        // Indicators are searchable too.
        let byIndicator = try library.store.readSync { db in try Catalog.search(CatalogQuery(text: "ค 3.1 ม.2/1"), in: db).items.map(\.stableKey) }
        #expect(byIndicator == ["dlit-m2-math-005"])
    }

    @Test func filtersSortAndPagesCombineWithText() throws {
        let library = try Self.library()
        try library.store.readSync { (db: Database) throws in
            var query = CatalogQuery(text: "เศษส่วน")
            query.kinds = [.dltvRecording]
            query.sort = .newest
            #expect(try Catalog.search(query, in: db).items.map(\.stableKey) == ["r3", "r1"])
            query.grades = ["P4"]
            #expect(try Catalog.search(query, in: db).items.map(\.stableKey) == ["r1"])
            query.grades = []
            query.from = LocalDate(year: 2026, month: 6, day: 20)
            #expect(try Catalog.search(query, in: db).items.map(\.stableKey) == ["r3"])

            var browse = CatalogQuery()
            browse.learningAreas = ["ค"]
            browse.limit = 2
            let first = try Catalog.search(browse, in: db)
            #expect(first.items.count == 2 && first.hasMore)
            browse.offset = 2
            let rest = try Catalog.search(browse, in: db)
            #expect(Set(first.items.map(\.id)).isDisjoint(with: rest.items.map(\.id)))
            var channel = CatalogQuery(text: "ทศ")  // two characters: below the trigram size, still found
            channel.channel = "dltv5"
            #expect(try Catalog.search(channel, in: db).items.map(\.stableKey) == ["r3"])
        }
    }

    @Test func todayOnAChannelAndThisWeekForAGrade() throws {
        let library = try Self.library()
        try library.store.readSync { (db: Database) throws in
            let monday = LocalDate(year: 2026, month: 6, day: 15)!
            let today = try Catalog.day(channel: "DLTV4", on: monday, in: db)
            #expect(today.map(\.slot.period) == [1, 2, 3, 4, 5])
            #expect(today.first?.recording?.stableKey == "r1")
            #expect(today.dropFirst().allSatisfy { $0.recording == nil })
            let week = try Catalog.week(grade: "ป.4", containing: monday.adding(days: 2), in: db)
            #expect(Set(week.map(\.date)).count == 5)
            #expect(week.allSatisfy { $0.slot.channel == "DLTV4" })
            #expect(week.contains { $0.recording?.stableKey == "r2" })
        }
    }
}
