import Foundation
import KlaiCatalog
import KlaiLearning
import KlaiStore
import Testing

@testable import KlaiEvaluation

/// The visit list's pages (`Visits.submittedPage`): newest first, the count of every visit the viewer may see,
/// and only current versions.
@Suite struct VisitPageTests {
    @Test func pagesSplitTheVisitsTheViewerMaySeeNewestFirstAndCountThemAll() throws {
        let f = try EvaluationFixture()
        let draft = try f.fullDraft(level: 2)
        let visits = try (15...17).map { day in
            try f.write { db in
                let visit = try Visits.create(
                    db, by: f.supervisor, classID: f.classID, teacherID: f.teacher.userID,
                    date: LocalDate(year: 2026, month: 6, day: day)!, period: 1, instrumentID: f.visitForm)
                let revision = try Visits.saveDraft(db, by: f.supervisor, visitID: visit.id, basedOn: 0, draft)
                return try Visits.submit(db, by: f.supervisor, visitID: visit.id, revision: revision)
            }
        }
        // The oldest visit is corrected: its correction takes its place in the list.
        let correction = try f.write { db in try Visits.startCorrection(db, by: f.supervisor, visitID: visits[0].id, reason: "แก้ไข") }
        let current = try f.write { db in
            try Visits.submit(db, by: f.supervisor, visitID: correction.id, revision: correction.revision)
        }
        let from = LocalDate(year: 2026, month: 5, day: 16)!, through = LocalDate(year: 2026, month: 10, day: 11)!
        func page(_ viewer: Principal, _ offset: Int) throws -> ([Int64], Int) {
            let (shown, total) = try f.read { db in
                try Visits.submittedPage(db, schoolIDs: [f.school], from: from, through: through, viewer: viewer, offset: offset, limit: 2)
            }
            return (shown.map(\.id), total)
        }
        #expect(try page(f.supervisor, 0) == ([visits[2].id, visits[1].id], 3))
        #expect(try page(f.supervisor, 2) == ([current.id], 3))
        #expect(try page(f.supervisor, 4) == ([], 3))
        #expect(try page(f.teacher, 0) == ([visits[2].id, visits[1].id], 3))
        #expect(try page(f.otherTeacher, 0) == ([], 0), "a teacher sees only the visits to their own classes")
        #expect(try page(f.otherSupervisor, 0) == ([], 0))
    }
}
