import Foundation
import KlaiStore
import Testing

@testable import KlaiCatalog

/// The rules behind the admin catalog pages: editing an item, adding and removing a worksheet PDF, and the
/// manifest preview the browser import shows before its confirmation.
@Suite struct CatalogEditingTests {
    static let manifest = """
        key,kind,title,grade,learning_area,unit,indicators
        p4-math-1,local_lesson,การบวกเศษส่วนห้วยทราย,ป.4,ค,หน่วยที่ 1 เศษส่วน,ค 1.1 ป.4/8
        p4-thai-1,local_lesson,คำนาม,ป.4,ท,หน่วยที่ 2 ชนิดของคำ,
        """

    /// A library with the two lessons of `manifest` imported; returns it and the id of the mathematics lesson.
    static func library() throws -> (TemporaryLibrary, Int64) {
        let library = try TemporaryLibrary.withReferenceData()
        _ = try ManifestImporter(media: nil).importFile(try library.file("lessons.csv", manifest), into: library.store)
        let id = try library.store.readSync { db in try Catalog.item(stableKey: "p4-math-1", in: db)?.id }
        return (library, try #require(id))
    }

    static func search(_ text: String, in library: TemporaryLibrary) throws -> [String] {
        try library.store.readSync { db in try Catalog.search(CatalogQuery(text: text), in: db).items.map(\.stableKey) }
    }

    @Test func anEditedTitleIsSearchableAndTheOldOneIsNot() throws {
        let (library, id) = try Self.library()
        var edit = CatalogItemEdit(try #require(try library.store.readSync { db in try Catalog.item(id: id, in: db) }))
        edit.title = "การคูณทศนิยมบ้านดอน"
        edit.indicators = ["ค 1.1 ป.4/9", "ค 1.2 ป.4/1"]
        let submitted = edit
        let outcome = try library.store.writeSync { db in try submitted.save(to: id, in: db) }
        guard case .saved(let changes) = outcome else { Issue.record("refused: \(outcome)"); return }
        #expect(changes.map(\.field) == ["title", "indicators"])
        #expect(changes.first?.description == "title: 'การบวกเศษส่วนห้วยทราย' → 'การคูณทศนิยมบ้านดอน'")
        // The shipped sample lessons hold other fractions and decimals: the place names make these two titles unique.
        #expect(try Self.search("ทศนิยมบ้านดอน", in: library) == ["p4-math-1"])
        #expect(try Self.search("ห้วยทราย", in: library).isEmpty)
        #expect(try Self.search("ป.4/9", in: library) == ["p4-math-1"])
        let item = try library.store.readSync { db in try Catalog.item(id: id, in: db) }
        #expect(item?.indicators == ["ค 1.1 ป.4/9", "ค 1.2 ป.4/1"])
        #expect(item?.unit == "หน่วยที่ 1 เศษส่วน")
    }

    @Test func anEditWithWrongIndicatorsOrAnUnknownGradeIsRefusedByFieldAndWritesNothing() throws {
        let (library, id) = try Self.library()
        let stamp = try library.store.readSync { db in try db.scalar("SELECT updated_at FROM catalog_item WHERE id = ?", [id], as: String.self) }
        let edit = CatalogItemEdit(
            title: "  ", grade: "ป.4", learningArea: "ค", unit: "",
            indicators: ["ว 2.2 ป.4/1", "ค 1.1 ป.5/2"], description: "")
        let outcome = try library.store.writeSync { db in try edit.save(to: id, in: db) }
        guard case .refused(let problems) = outcome else { Issue.record("saved an invalid edit"); return }
        #expect(problems.map(\.field) == ["title", "indicators", "indicators"])
        #expect(problems[1].message.contains("belongs to learning area ว, not ค"))
        #expect(problems[2].message.contains("is for grade P5, but the record is for P4"))

        let badGrade = CatalogItemEdit(title: "การบวก", grade: "ป.9", learningArea: "ค", unit: "", indicators: [], description: "")
        guard case .refused(let gradeProblems) = try library.store.writeSync({ db in try badGrade.save(to: id, in: db) }) else {
            Issue.record("saved an unknown grade"); return
        }
        #expect(gradeProblems.map(\.field) == ["grade"])
        let after = try library.store.readSync { db in try Catalog.item(id: id, in: db) }
        #expect(after?.title == "การบวกเศษส่วนห้วยทราย")
        #expect(try library.store.readSync { db in try db.scalar("SELECT updated_at FROM catalog_item WHERE id = ?", [id], as: String.self) } == stamp)
    }

    @Test func savingAnUnchangedFormChangesNothing() throws {
        let (library, id) = try Self.library()
        let edit = CatalogItemEdit(try #require(try library.store.readSync { db in try Catalog.item(id: id, in: db) }))
        let outcome = try library.store.writeSync { db in try edit.save(to: id, in: db, now: Date().addingTimeInterval(3600)) }
        guard case .saved(let changes) = outcome else { Issue.record("refused"); return }
        #expect(changes.isEmpty)
    }

    static func pdf(_ body: String, complete: Bool = true) -> Data {
        var text = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% \(body)\ntrailer << /Root 1 0 R >>\n"
        if complete { text += "%%EOF\n" }
        return Data(text.utf8)
    }

    @Test func onlyAWholePDFPassesTheCheck() throws {
        let library = try TemporaryLibrary()
        let whole = library.folder.appendingPathComponent("whole.pdf")
        try Self.pdf("ใบงาน").write(to: whole)
        try CatalogAttachments.checkPDF(at: whole.path)

        let cut = library.folder.appendingPathComponent("cut.pdf")
        try (Self.pdf("ใบงาน", complete: false) + Data(repeating: 0x20, count: 2000)).write(to: cut)
        #expect(throws: CatalogError("the PDF is cut off (it has no %%EOF end marker); upload it again")) {
            try CatalogAttachments.checkPDF(at: cut.path)
        }
        let picture = library.folder.appendingPathComponent("photo.pdf")
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0]).write(to: picture)
        #expect(throws: CatalogError("the file is not a PDF (it does not start with %PDF-)")) {
            try CatalogAttachments.checkPDF(at: picture.path)
        }
        let empty = library.folder.appendingPathComponent("empty.pdf")
        try Data().write(to: empty)
        #expect(throws: CatalogError("the file is empty")) { try CatalogAttachments.checkPDF(at: empty.path) }
    }

    @Test func anAddedWorksheetIsListedWithItsFileAndRemovingItDeletesTheFile() throws {
        let (library, id) = try Self.library()
        let upload = library.folder.appendingPathComponent("upload-part")
        try Self.pdf("worksheet").write(to: upload)
        let placed = try CatalogAttachments.place(for: id, media: library.media) { destination in
            try FileManager.default.moveItem(atPath: upload.path, toPath: destination)
        }
        #expect(placed.path.hasPrefix("attachments/\(id)-") && placed.path.hasSuffix(".pdf"))
        let attachmentID = try library.store.writeSync { db in
            try CatalogAttachments.insert(placed, title: "ใบงานที่ 1", type: "worksheet", parentID: id, in: db)
        }
        let listed = try library.store.readSync { db in try Catalog.attachments(of: id, in: db) }
        #expect(listed.map(\.id) == [attachmentID])
        #expect(listed.first?.grade == "P4")
        let file = library.media.url(placed.path)
        #expect(try Data(contentsOf: file) == Self.pdf("worksheet"))
        #expect(!FileManager.default.fileExists(atPath: upload.path))

        let removed = try library.store.writeSync { db in try CatalogAttachments.delete(attachmentID, in: db) }
        try CatalogAttachments.removeFile(of: removed, media: library.media, store: library.store)
        #expect(try library.store.readSync { db in try Catalog.attachments(of: id, in: db) }.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test func aWorksheetForAMissingLessonIsRefusedAndItsPlacedFileCanBeDiscarded() throws {
        let (library, _) = try Self.library()
        let upload = library.folder.appendingPathComponent("upload-part")
        try Self.pdf("worksheet").write(to: upload)
        let placed = try CatalogAttachments.place(for: 999, media: library.media) { try FileManager.default.moveItem(atPath: upload.path, toPath: $0) }
        #expect(throws: CatalogError("catalog item 999 does not exist")) {
            try library.store.writeSync { db in try CatalogAttachments.insert(placed, title: "x", type: "worksheet", parentID: 999, in: db) }
        }
        placed.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: library.media.attachments.path).isEmpty)
    }

    @Test func thePreviewCountsNewChangedAndUnchangedItemsAndWritesNothing() throws {
        let (library, _) = try Self.library()
        let before = try library.count("SELECT count(*) FROM catalog_item")
        let stamps = try library.count("SELECT count(DISTINCT updated_at) FROM catalog_item")
        let file = try library.file(
            "next.csv",
            """
            key,kind,title,grade,learning_area,unit,indicators
            p4-math-1,local_lesson,การบวกเศษส่วนห้วยทราย (ฉบับแก้ไขบ้านดอน),ป.4,ค,หน่วยที่ 1 เศษส่วน,ค 1.1 ป.4/8
            p4-thai-1,local_lesson,คำนาม,ป.4,ท,หน่วยที่ 2 ชนิดของคำ,
            p4-sci-1,local_lesson,พืชสวนครัวห้วยทราย,ป.4,ว,,
            """)
        let importer = ManifestImporter(media: nil, acceptsMediaFiles: false)
        let summary = try importer.preview(file, into: library.store)
        #expect((summary.inserted, summary.updated, summary.unchanged) == (1, 1, 1))
        #expect(try library.count("SELECT count(*) FROM catalog_item") == before)
        #expect(try library.count("SELECT count(DISTINCT updated_at) FROM catalog_item") == stamps)
        #expect(try Self.search("ฉบับแก้ไขบ้านดอน", in: library).isEmpty)
        #expect(try Self.search("พืชสวนครัวห้วยทราย", in: library).isEmpty)

        let imported = try importer.importFile(file, into: library.store)
        #expect((imported.inserted, imported.updated, imported.unchanged) == (1, 1, 1))
        #expect(try Self.search("พืชสวนครัวห้วยทราย", in: library) == ["p4-sci-1"])
    }

    @Test func aBrowserManifestNamingMediaFilesIsRefusedRecordByRecord() throws {
        let library = try TemporaryLibrary.withReferenceData()
        let before = try library.count("SELECT count(*) FROM catalog_item")
        _ = try library.file("clip.mp4", "not really a video")
        let file = try library.file(
            "with-media.csv",
            """
            key,kind,title,grade,learning_area,media
            a,local_lesson,บทที่ 1,ป.4,ค,clip.mp4
            b,local_lesson,บทที่ 2,ป.4,ค,
            c,local_lesson,บทที่ 3,ป.4,ค,/etc/passwd
            """)
        let error = try #require(throws: ManifestError.self) {
            try ManifestImporter(media: nil, acceptsMediaFiles: false).preview(file, into: library.store)
        }
        #expect(error.problems.map(\.record) == [2, 4])
        #expect(error.problems.allSatisfy { $0.field == "media" })
        #expect(try library.count("SELECT count(*) FROM catalog_item") == before)
    }
}
