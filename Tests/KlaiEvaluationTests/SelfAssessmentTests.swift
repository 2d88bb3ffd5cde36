import Foundation
import KlaiStore
import Testing

@testable import KlaiEvaluation

@Suite struct SelfAssessmentTests {
    @Test func theDirectorFillsInTheSelfAssessmentSectionScoresAddUpAndSubmissionFreezesIt() throws {
        let f = try EvaluationFixture()
        let (form, instrument) = try f.read { db in
            let id = try InstrumentLibrary.latestID(db, key: "dltv-school-self-assessment")!
            return (id, try InstrumentLibrary.instrument(db, id: id))
        }
        let started = try f.write { db in
            try SelfAssessments.start(db, by: f.director, schoolID: f.school, termID: EvaluationFixture.termID, instrumentID: form)
        }
        #expect(throws: EvaluationError.self) {
            try f.write { db in
                try SelfAssessments.start(db, by: f.supervisor, schoolID: f.school, termID: EvaluationFixture.termID, instrumentID: form)
            }
        }
        var draft = VisitDraft(texts: ["strengths": "ครูเตรียมการสอนดี"])
        for item in instrument.items { draft.ratings[item.id] = VisitRating(level: item.phase == .equipment ? 2 : 3) }
        let content = draft
        let revision = try f.write { db in try SelfAssessments.save(db, by: f.director, id: started.id, basedOn: 0, content) }
        try f.write { db in try SelfAssessments.submit(db, by: f.director, id: started.id, revision: revision) }
        let stored = try f.read { db in try SelfAssessments.load(db, id: started.id, viewer: f.supervisor) }
        let readiness = try #require(stored.scores(instrument).first { $0.sectionID == "readiness" })
        #expect(stored.state == .submitted && readiness.score == 4 && readiness.maximum == 6)
        #expect(throws: EvaluationError.self) {
            try f.write { db in try SelfAssessments.save(db, by: f.director, id: started.id, basedOn: revision, VisitDraft()) }
        }
        #expect(throws: DatabaseError.self) {
            try f.write { db in try db.execute("UPDATE evaluation_self_assessment SET content = '{}' WHERE id = ?", [started.id]) }
        }
        #expect(throws: EvaluationError.self) { try f.read { db in try SelfAssessments.load(db, id: started.id, viewer: f.teacher) } }
    }

    @Test func aSelfAssessmentClaimingTopInSyncIsFlaggedAgainstTheSchoolsCoverage() throws {
        let f = try EvaluationFixture()
        _ = try DashboardTests().termWithAVisit(f)
        let form = try f.read { db in try InstrumentLibrary.latestID(db, key: "dltv-school-self-assessment")! }
        let instrument = try f.read { db in try InstrumentLibrary.instrument(db, id: form) }
        var draft = VisitDraft()
        for item in instrument.items { draft.ratings[item.id] = VisitRating(level: 3) }
        let content = draft
        try f.write { db in
            let started = try SelfAssessments.start(
                db, by: f.director, schoolID: f.school, termID: EvaluationFixture.termID,
                instrumentID: form)
            let revision = try SelfAssessments.save(db, by: f.director, id: started.id, basedOn: 0, content)
            try SelfAssessments.submit(db, by: f.director, id: started.id, revision: revision)
        }
        let report = try f.read { db in
            try TermReport.report(
                db, viewer: f.supervisor, schoolID: f.school, termID: EvaluationFixture.termID,
                asOf: UsageEvidenceTests.asOf)
        }
        #expect(report.selfAssessments.first?.contradictions == ["teaching.in-sync was rated 3 while timetableCoverage is 17 % (below 50 %)"])
        let flag = try #require(report.selfAssessments.first?.flags.first)
        #expect(flag.itemID == "teaching.in-sync" && flag.level == 3 && flag.measure == .timetableCoverage && flag.threshold == 0.5)
    }
}
