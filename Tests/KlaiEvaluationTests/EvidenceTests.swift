import Foundation
import KlaiCatalog
import KlaiStore
import Testing

@testable import KlaiEvaluation

@Suite struct EvidenceTests {
    /// A tiny complete JPEG-framed file: SOI, an APP0 marker, EOI.
    static let photo = Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0x00, 0x01, 0x02] + [0xFF, 0xD9])
    static let pdf = Data("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".utf8)

    func draftVisit(_ f: EvaluationFixture) throws -> Visit {
        try f.write { db in
            try Visits.create(
                db, by: f.supervisor, classID: f.classID, teacherID: f.teacher.userID,
                date: VisitTests.visitDay, period: 1, instrumentID: f.visitForm)
        }
    }

    @Test func aPhotoIsKeptUnderTheDataFolderByItsContentAndAttachingItTwiceKeepsOne() throws {
        let f = try EvaluationFixture()
        let visit = try draftVisit(f)
        let evidence = VisitEvidence(dataFolder: f.folder)
        let first = try f.write { db in
            try evidence.attach(db, by: f.supervisor, visitID: visit.id, bytes: Self.photo, originalName: "IMG_0001.jpeg.exe")
        }
        let again = try f.write { db in
            try evidence.attach(db, by: f.supervisor, visitID: visit.id, bytes: Self.photo, originalName: "copy.jpg")
        }
        #expect(first == again && first.mediaType == "image/jpeg" && first.path.hasSuffix(".jpg"))
        #expect(try Data(contentsOf: evidence.url(of: first)) == Self.photo)
        let pdf = try f.write { db in try evidence.attach(db, by: f.supervisor, visitID: visit.id, bytes: Self.pdf, originalName: "แผน.pdf") }
        #expect(pdf.mediaType == "application/pdf")
        #expect(try f.read { db in try evidence.attachments(db, visitID: visit.id, viewer: f.supervisor) }.count == 2)
    }

    @Test func aCutOffPhotoADisguisedFileAndAnOversizedOneAreRefused() throws {
        let f = try EvaluationFixture()
        let visit = try draftVisit(f)
        var limits = VisitEvidence.Limits()
        limits.photoBytes = 16
        let evidence = VisitEvidence(dataFolder: f.folder, limits: limits)
        let cut = Self.photo.dropLast(2)
        let cases: [(Data, String)] = [
            (Data(cut), "cut off"), (Data("MZ\u{90}fake".utf8), "must be a photo"),
            (Self.photo + Data(repeating: 0, count: 20) + Data([0xFF, 0xD9]), "the limit is")
        ]
        for (bytes, reason) in cases {
            let error = #expect(throws: EvaluationError.self) {
                try f.write { db in try evidence.attach(db, by: f.supervisor, visitID: visit.id, bytes: bytes, originalName: "x.jpg") }
            }
            #expect(error?.description.contains(reason) == true, "\(String(describing: error))")
        }
        #expect(try f.read { db in try evidence.attachments(db, visitID: visit.id, viewer: f.supervisor) }.isEmpty)
    }

    @Test func evidenceCannotBeAddedToASubmittedVisitButACorrectionCarriesItOver() throws {
        let f = try EvaluationFixture()
        let visit = try draftVisit(f)
        let evidence = VisitEvidence(dataFolder: f.folder)
        _ = try f.write { db in try evidence.attach(db, by: f.supervisor, visitID: visit.id, bytes: Self.photo, originalName: "a.jpg") }
        let draft = try f.fullDraft(level: 3)
        let revision = try f.write { db in try Visits.saveDraft(db, by: f.supervisor, visitID: visit.id, basedOn: 0, draft) }
        _ = try f.write { db in try Visits.submit(db, by: f.supervisor, visitID: visit.id, revision: revision) }
        #expect(throws: EvaluationError.self) {
            try f.write { db in try evidence.attach(db, by: f.supervisor, visitID: visit.id, bytes: Self.pdf, originalName: "b.pdf") }
        }
        let correction = try f.write { db in try Visits.startCorrection(db, by: f.supervisor, visitID: visit.id, reason: "ภาพผิด") }
        #expect(try f.read { db in try evidence.attachments(db, visitID: correction.id, viewer: f.supervisor) }.map(\.mediaType) == ["image/jpeg"])
    }
}
