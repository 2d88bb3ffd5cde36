import Foundation
import KlaiStore
import Testing

@testable import KlaiCatalog

/// Large manifests take the bulk path (search index and secondary indexes built after the rows); what a
/// person sees must be the same as with the row-by-row path.
@Suite struct BulkImportTests {
    /// A JSON manifest of `count` lessons and recordings; `edited` changes the title of every 7th.
    static func manifest(count: Int, edited: Bool = false) -> String {
        let records = (0..<count).map { n -> String in
            let title = (n % 3 == 0 ? "การบวกเศษส่วน" : "ระบบสุริยะ") + " \(n)" + (edited && n % 7 == 0 ? " (ปรับปรุง)" : "")
            let area = n % 3 == 0 ? "ค" : "ว"
            if n % 2 == 0 {
                return """
                    {"key": "bulk-\(n)", "kind": "dltv_recording", "title": "\(title)", "grade": "P4", "learningArea": "\(area)",
                     "channel": "DLTV4", "airDate": "2026-06-\(10 + n % 15)", "period": \(n % 5 + 1), "indicators": ["\(area) 1.1 ป.4/2"]}
                    """
            }
            return """
                {"key": "bulk-\(n)", "title": "\(title)", "grade": "P4", "learningArea": "\(area)", "unit": "หน่วย \(n % 9)",
                 "attachments": [{"type": "worksheet", "title": "ใบงาน \(n)", "file": "w/\(n).pdf"}]}
                """
        }
        return "{\"records\": [\n" + records.joined(separator: ",\n") + "\n]}"
    }

    static func schemaObjects(_ library: TemporaryLibrary) throws -> [String] {
        try library.store.readSync { db in
            try db.fetchAll("SELECT type || ' ' || name || ' ' || coalesce(sql, '') AS object FROM sqlite_master WHERE tbl_name = 'catalog_item' ORDER BY name")
                .map { try $0.get("object") as String }
        }
    }

    /// FTS5's own check that the index matches the content table (https://sqlite.org/fts5.html, integrity-check).
    static func checkSearchIndex(_ library: TemporaryLibrary) throws {
        try library.store.writeSync { db in
            try db.executeScript("INSERT INTO catalog_search(catalog_search, rank) VALUES ('integrity-check', 1)")
        }
    }

    @Test func aLargeManifestIsSearchableAndReimportsAsNoOpThenUpdatesInPlace() throws {
        let library = try TemporaryLibrary.withReferenceData()
        let schema = try Self.schemaObjects(library)
        let count = CatalogBulkLoad.minimumItems * 2
        let file = try library.file("big.json", Self.manifest(count: count))
        let first = try ManifestImporter(media: nil).importFile(file, into: library.store)
        #expect((first.inserted, first.updated, first.unchanged) == (count, 0, 0))
        #expect(try Self.schemaObjects(library) == schema, "the search trigger and the indexes are back, unchanged")
        #expect(try library.count("SELECT count(*) FROM catalog_item WHERE stable_key GLOB 'bulk-*#1'") == count / 2)
        try Self.checkSearchIndex(library)
        try library.store.readSync { (db: Database) throws in
            var query = CatalogQuery(text: "เศษส่วน 99")
            query.limit = 50
            let keys = Set(try Catalog.search(query, in: db).items.map(\.stableKey))
            #expect(keys.isSuperset(of: ["bulk-99", "bulk-399", "bulk-699", "bulk-999"]))
            #expect(try Catalog.search(CatalogQuery(text: "ใบงาน 501"), in: db).items.map(\.stableKey) == [])
            var attachments = CatalogQuery(text: "ใบงาน 501")
            attachments.kinds = [.attachment]
            #expect(try Catalog.search(attachments, in: db).items.map(\.stableKey) == ["bulk-501#1"])
        }

        let again = try ManifestImporter(media: nil).importFile(file, into: library.store)
        #expect((again.inserted, again.updated, again.unchanged) == (0, 0, count))

        _ = try library.file("big.json", Self.manifest(count: count + 600, edited: true))
        let edited = try ManifestImporter(media: nil).importFile(file, into: library.store)
        let changed = (0..<count).filter { $0 % 7 == 0 }.count
        #expect((edited.inserted, edited.updated, edited.unchanged) == (600, changed, count - changed))
        #expect(try Self.schemaObjects(library) == schema)
        try Self.checkSearchIndex(library)
        try library.store.readSync { (db: Database) throws in
            #expect(try Catalog.search(CatalogQuery(text: "ปรับปรุง"), in: db).hasMore)
            #expect(try Catalog.search(CatalogQuery(text: "ระบบสุริยะ \(count + 598)"), in: db).items.map(\.stableKey) == ["bulk-\(count + 598)"])
            #expect(try Catalog.item(stableKey: "bulk-0", in: db)?.title == "การบวกเศษส่วน 0 (ปรับปรุง)")
        }

        // Edits only, no new items: changed rows are re-indexed by the writer while the triggers are suspended.
        _ = try library.file("big.json", Self.manifest(count: count + 600))
        let reverted = try ManifestImporter(media: nil).importFile(file, into: library.store)
        let edits = (0..<(count + 600)).filter { $0 % 7 == 0 }.count
        #expect((reverted.inserted, reverted.updated, reverted.unchanged) == (0, edits, count + 600 - edits))
        #expect(try Self.schemaObjects(library) == schema)
        try Self.checkSearchIndex(library)
        try library.store.readSync { (db: Database) throws in
            #expect(try Catalog.search(CatalogQuery(text: "ปรับปรุง"), in: db).items.isEmpty)
            #expect(try Catalog.search(CatalogQuery(text: "เศษส่วน 1596"), in: db).items.map(\.stableKey) == ["bulk-1596"])
            #expect(try Catalog.item(stableKey: "bulk-1596", in: db)?.title == "การบวกเศษส่วน 1596")
        }
    }

    @Test func aFailedBulkLoadLeavesTriggerIndexesAndRowsAsTheyWere() throws {
        let library = try TemporaryLibrary.withReferenceData()
        let schema = try Self.schemaObjects(library)
        let before = try library.count("SELECT count(*) FROM catalog_item")
        struct Interrupted: Error {}
        struct NotBegun: Error {}
        // Interrupted (not NotBegun) says the bulk load had started: trigger and indexes were dropped.
        #expect(throws: Interrupted.self) {
            try library.store.writeSync { db in
                try db.transaction {
                    guard try CatalogBulkLoad.begin(items: CatalogBulkLoad.minimumItems, newItems: CatalogBulkLoad.minimumItems, in: db) != nil else {
                        throw NotBegun()
                    }
                    try CatalogItemDraft(kind: .localLesson, stableKey: "half-written", title: "ครึ่งทาง").upsert(in: db)
                    throw Interrupted()
                }
            }
        }
        #expect(try Self.schemaObjects(library) == schema)
        #expect(try library.count("SELECT count(*) FROM catalog_item") == before)
        // The row-by-row path indexes a new item for search again.
        _ = try library.store.writeSync { db in
            try CatalogItemDraft(kind: .localLesson, stableKey: "after", title: "หลังจากนั้น").upsert(in: db)
        }
        #expect(try library.store.readSync { db in try Catalog.search(CatalogQuery(text: "หลังจาก"), in: db).items.map(\.stableKey) } == ["after"])
    }

    @Test func aRecordKeyThatIsAnotherRecordsAttachmentKeyIsAProblem() throws {
        let library = try TemporaryLibrary.withReferenceData()
        let file = try library.file(
            "clash.json",
            """
            [
              {"key": "a", "title": "บทเรียน", "attachments": [{"type": "worksheet", "title": "ใบงาน", "file": "w.pdf"}]},
              {"key": "a#1", "title": "อีกบทเรียน"}
            ]
            """)
        let error = #expect(throws: ManifestError.self) { try ManifestImporter(media: nil).importFile(file, into: library.store) }
        #expect(error?.problems.map { "\($0.record ?? 0):\($0.field ?? "")" } == ["2:key"])
    }
}
