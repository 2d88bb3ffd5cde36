import Foundation
import KlaiCatalog
import KlaiLearning
import KlaiStore
import Testing

@testable import KlaiEvaluation

@Suite struct TermCloseTests {
    @Test func aClosedTermKeepsItsFiguresWhateverArrivesOrIsCorrectedLater() throws {
        let f = try EvaluationFixture()
        let visit = try DashboardTests().termWithAVisit(f)
        let term = EvaluationFixture.termID
        let closed = try f.write { db in
            try TermReport.close(db, by: f.director, schoolID: f.school, termID: term, asOf: UsageEvidenceTests.asOf)
        }
        #expect(closed.school.screenings == 5 && closed.visits.visits == 1 && closed.schoolCode == "1012345678" && closed.term == "1/2569")
        // After closing: a late offline batch, a corrected visit and a refresh.
        let june8 = EvaluationFixture.monday.addingTimeInterval(-7 * 86_400 + 3600)
        try UsageEvidenceTests().post(
            f, UsageEvidenceTests.screening(item: f.dlitLesson, classID: f.classID, start: june8, seconds: 3000),
            as: f.teacher, now: EvaluationFixture.monday.addingTimeInterval(8 * 86_400))
        let correction = try f.write { db in try Visits.startCorrection(db, by: f.supervisor, visitID: visit.id, reason: "แก้ไข") }
        var changed = correction.content
        changed.ratings["during.in-sync"] = VisitRating(level: 1)
        let content = changed
        try f.write { db in
            let revision = try Visits.saveDraft(db, by: f.supervisor, visitID: correction.id, basedOn: correction.revision, content)
            _ = try Visits.submit(db, by: f.supervisor, visitID: correction.id, revision: revision)
            try UsageEvidence.refresh(db, classID: f.classID, termID: term, asOf: UsageEvidenceTests.asOf)
        }
        let (later, live) = try f.read { db in
            (
                try TermReport.report(db, viewer: f.supervisor, schoolID: f.school, termID: term),
                try TermReport.build(db, viewer: f.supervisor, schoolID: f.school, termID: term, asOf: UsageEvidenceTests.asOf)
            )
        }
        #expect(live.school.screenings == 6 && live.visits.contradictions.isEmpty)
        #expect(later.school == closed.school && later.classes == closed.classes && later.visits == closed.visits)
        #expect(later.closedAt != nil)
        // The dashboards and their CSV files show the same frozen rows, not the live ones.
        let (schools, classes) = try f.read { db in
            (
                try Dashboard.schools(db, viewer: f.supervisor, termID: term),
                try Dashboard.classes(db, viewer: f.supervisor, schoolID: f.school, termID: term)
            )
        }
        #expect(schools.first { $0.schoolID == f.school } == closed.school && classes == closed.classes)
        #expect(classes.first?.usage?.screenings == 5)
    }

    @Test func aTermClosesOnceByTheDirectorOrSupervisorAndItsSnapshotCannotBeEdited() throws {
        let f = try EvaluationFixture()
        let term = EvaluationFixture.termID
        #expect(throws: EvaluationError.self) {
            try f.write { db in try TermReport.close(db, by: f.teacher, schoolID: f.school, termID: term) }
        }
        #expect(throws: EvaluationError.self) {
            try f.write { db in try TermReport.close(db, by: f.otherSupervisor, schoolID: f.school, termID: term) }
        }
        _ = try f.write { db in try TermReport.close(db, by: f.supervisor, schoolID: f.school, termID: term) }
        #expect(throws: EvaluationError.self) {
            try f.write { db in try TermReport.close(db, by: f.director, schoolID: f.school, termID: term) }
        }
        #expect(throws: DatabaseError.self) {
            try f.write { db in try db.execute("UPDATE evaluation_term_snapshot SET report = '{}'") }
        }
        #expect(throws: DatabaseError.self) { try f.write { db in try db.execute("DELETE FROM evaluation_term_snapshot") } }
        let audit = try f.read { db in try AuditLog.recent(db, action: "term.close") }
        #expect(audit.count == 1 && audit[0].detail == "1/2569")
    }
}
