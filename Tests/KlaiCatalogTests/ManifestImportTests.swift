import Foundation
import KlaiStore
import KlaiText
import Testing

@testable import KlaiCatalog

@Suite struct ManifestImportTests {
    static let manifest = """
        {"records": [
          {"key": "school-p4-math-1", "kind": "local_lesson", "title": "การบวกเศษส่วน ตอนที่ 1", "grade": "ป.4",
           "learningArea": "ค", "subject": "คณิตศาสตร์", "indicators": ["ค 1.1 ป.4/8"], "academicYear": 2569, "term": 1,
           "attachments": [{"type": "worksheet", "title": "ใบงานที่ 1", "file": "worksheets/1.pdf"}]},
          {"key": "school-p4-thai-1", "kind": "local_lesson", "title": "คำนาม", "grade": "P4", "learningArea": "ภาษาไทย"}
        ]}
        """

    @Test func reimportIsANoOpAndAnEditedManifestUpdatesInPlace() throws {
        let library = try TemporaryLibrary.withReferenceData()
        let importer = ManifestImporter(media: library.media)
        let file = try library.file("lessons.json", Self.manifest)
        let first = try importer.importFile(file, into: library.store)
        #expect((first.inserted, first.updated, first.unchanged) == (2, 0, 0))
        let id = try library.store.readSync { db in try Catalog.item(stableKey: "school-p4-math-1", in: db)!.id }
        let stamp = try library.store.readSync { db in try db.scalar("SELECT updated_at FROM catalog_item WHERE id = ?", [id], as: String.self) }

        let again = try importer.importFile(file, into: library.store)
        #expect((again.inserted, again.updated, again.unchanged) == (0, 0, 2))
        #expect(try library.store.readSync { db in try db.scalar("SELECT updated_at FROM catalog_item WHERE id = ?", [id], as: String.self) } == stamp)

        _ = try library.file("lessons.json", Self.manifest.replacingOccurrences(of: "ตอนที่ 1", with: "ตอนที่ 1 (ปรับปรุง)"))
        let edited = try importer.importFile(file, into: library.store)
        #expect((edited.inserted, edited.updated, edited.unchanged) == (0, 1, 1))
        let item = try library.store.readSync { db in try Catalog.item(id: id, in: db) }
        #expect(item?.title == "การบวกเศษส่วน ตอนที่ 1 (ปรับปรุง)")
        #expect(item?.grade == "P4")
        #expect(try library.store.readSync { db in try Catalog.attachments(of: id, in: db).map(\.attachmentType) } == ["worksheet"])
    }

    @Test func anInvalidManifestImportsNothingAndListsEveryProblem() throws {
        let library = try TemporaryLibrary.withReferenceData()
        let before = try library.count("SELECT count(*) FROM catalog_item")
        let file = try library.file(
            "bad.json",
            """
            [
              {"key": "ok-1", "title": "ถูกต้อง", "grade": "P4", "learningArea": "ค"},
              {"key": "bad-grade", "title": "ชั้นผิด", "grade": "ป.9"},
              {"key": "bad-channel", "kind": "dltv_recording", "title": "ช่องผิด", "channel": "DLTV99", "airDate": "2569-06-12"},
              {"key": "bad-times", "kind": "dltv_recording", "title": "เวลา", "channel": "DLTV4", "airDate": "2026-06-12",
               "start": "09:20", "end": "08:30"},
              {"key": "bad-indicator", "title": "ตัวชี้วัด", "grade": "M2", "learningArea": "ค", "indicators": ["ว 2.2 ม.2/5"]},
              {"key": "bad-year", "title": "ปี", "airDate": "2026-06-12", "academicYear": 2568, "kind": "dltv_recording", "channel": "DLTV4"},
              {"key": "mixed-year", "title": "ปีปน", "airDate": "2569-06-12", "academicYear": 2569, "kind": "dltv_recording", "channel": "DLTV4"},
              {"key": "confused", "title": "ปีสับสน", "airDate": "2026-06-12", "academicYear": 1483},
              {"key": "no-media", "title": "ไม่มีไฟล์", "media": "missing.mp4"}
            ]
            """)
        let error = #expect(throws: ManifestError.self) { try ManifestImporter(media: library.media).importFile(file, into: library.store) }
        // The missing media file is found before the records are checked against the catalog.
        #expect(error?.problems.map(\.field) == ["media"])
        _ = try library.file("bad.json", String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: ", \"media\": \"missing.mp4\"", with: ""))
        let second = #expect(throws: ManifestError.self) { try ManifestImporter(media: library.media).importFile(file, into: library.store) }
        let found = Set((second?.problems ?? []).map { "\($0.record ?? 0):\($0.field ?? "")" })
        #expect(found == ["2:grade", "3:channel", "4:end", "5:indicators", "6:airDate", "8:academicYear"])
        #expect(second?.description.contains("unknown grade 'ป.9'") == true)
        #expect(try library.count("SELECT count(*) FROM catalog_item") == before)
    }

    @Test func readsAWindows874CSVAndSaysWhichEncodingItFound() throws {
        let library = try TemporaryLibrary.withReferenceData()
        let text = "key,title,grade,learning_area,indicators\r\nw874-1,\"การบวกเศษส่วน, ชุดที่ 2\",ป.4,ค,ค 1.1 ป.4/8\r\n"
        let url = library.folder.appendingPathComponent("lessons.csv")
        try TextDecoding.encodeWindows874(text)!.write(to: url)
        let summary = try ManifestImporter(media: nil).importFile(url, into: library.store)
        #expect(summary.encoding == .windows874)
        #expect(summary.inserted == 1)
        let item = try library.store.readSync { db in try Catalog.item(stableKey: "w874-1", in: db) }
        #expect(item?.title == "การบวกเศษส่วน, ชุดที่ 2")
        #expect(item?.indicators == ["ค 1.1 ป.4/8"])
    }

    @Test func refusesACSVInAnUnexpectedEncoding() throws {
        let library = try TemporaryLibrary.withReferenceData()
        let url = library.folder.appendingPathComponent("utf16.csv")
        try "key,title\nx,การบวก\n".data(using: .utf16)!.write(to: url)
        let error = #expect(throws: ManifestError.self) { try ManifestImporter(media: nil).importFile(url, into: library.store) }
        #expect(error?.description.contains("neither UTF-8 nor Windows-874") == true)
    }
}

@Suite struct ManifestExportTests {
    @Test func exportedManifestsImportBackWithoutChanges() throws {
        let library = try TemporaryLibrary.withReferenceData()
        _ = try ManifestImporter(media: nil).importFile(try library.file("l.json", ManifestImportTests.manifest), into: library.store)
        let records = try library.store.readSync { db in try ManifestExporter.records(in: db) }
        for format in [ManifestExporter.Format.json, .csv] {
            let url = library.folder.appendingPathComponent("export.\(format.rawValue)")
            try ManifestExporter.encode(records, format: format).write(to: url)
            let summary = try ManifestImporter(media: nil).importFile(url, into: library.store)
            #expect(summary.inserted == 0 && summary.updated == 0, "\(format): \(summary)")
            #expect(summary.unchanged == records.count)
        }
    }

    @Test func aCSVExportGuardsCellsThatASpreadsheetWouldRunAsFormulasAndImportsBackUnchanged() throws {
        let library = try TemporaryLibrary.withReferenceData()
        let hostile = """
            {"records": [
              {"key": "x-1", "kind": "local_lesson", "title": "=HYPERLINK(\\"http://evil.example\\",\\"คลิก\\")", "grade": "ป.4",
               "learningArea": "คณิตศาสตร์", "description": "@SUM(A1:A9)"},
              {"key": "x-2", "kind": "local_lesson", "title": "-2+3", "grade": "ป.4", "learningArea": "คณิตศาสตร์",
               "description": "'=already quoted"},
              {"key": "x-3", "kind": "local_lesson", "title": "+ บวก", "grade": "ป.4", "learningArea": "คณิตศาสตร์"}
            ]}
            """
        _ = try ManifestImporter(media: nil).importFile(try library.file("hostile.json", hostile), into: library.store)
        let records = try library.store.readSync { db in try ManifestExporter.records(in: db) }
        let csv = String(decoding: try ManifestExporter.encode(records, format: .csv), as: UTF8.self)
        let cells = try CSVTable(parsing: csv).records.dropFirst().flatMap(\.fields)
        #expect(!cells.contains { $0.first.map { "=+-@\t\r".contains($0) } == true }, "a cell starts a formula: \(csv)")
        #expect(cells.contains("'=HYPERLINK(\"http://evil.example\",\"คลิก\")") && cells.contains("'@SUM(A1:A9)"))
        #expect(cells.contains("'-2+3") && cells.contains("''=already quoted") && cells.contains("'+ บวก"))
        let url = library.folder.appendingPathComponent("export.csv")
        try Data(csv.utf8).write(to: url)
        let summary = try ManifestImporter(media: nil).importFile(url, into: library.store)
        #expect(summary.inserted == 0 && summary.updated == 0 && summary.unchanged == records.count, "\(summary)")
    }
}
