import Foundation
import KlaiCatalog
import KlaiLearning
import KlaiStore
import Testing

@testable import KlaiEvaluation

@Suite struct VisitTests {
    static let visitDay = LocalDate(year: 2026, month: 6, day: 15)!

    func startVisit(_ f: EvaluationFixture) throws -> Visit {
        try f.write { db in
            try Visits.create(
                db, by: f.supervisor, classID: f.classID, teacherID: f.teacher.userID, date: Self.visitDay,
                period: 1, instrumentID: f.visitForm)
        }
    }

    @Test func aResentAutosaveWhoseAnswerWasLostSucceedsAgainWithoutChangingAnything() throws {
        let f = try EvaluationFixture()
        let visit = try startVisit(f)
        var draft = VisitDraft(ratings: ["during.in-sync": VisitRating(level: 3, note: "เรียนพร้อมต้นทาง")], texts: ["strengths": "ดี"])
        draft.problems = ["signal"]
        let sent = draft
        let first = try f.write { db in try Visits.saveDraft(db, by: f.supervisor, visitID: visit.id, basedOn: 0, sent) }
        let resent = try f.write { db in try Visits.saveDraft(db, by: f.supervisor, visitID: visit.id, basedOn: 0, sent) }
        #expect(first == 1 && resent == 1)
        let stored = try f.read { db in try Visits.visit(db, id: visit.id, viewer: f.supervisor) }
        #expect(stored.revision == 1 && stored.content.ratings["during.in-sync"]?.level == 3 && stored.content.problems == ["signal"])
    }

    @Test func aStaleSaveFromAnotherTabIsRefusedRatherThanOverwritingNewerAnswers() throws {
        let f = try EvaluationFixture()
        let visit = try startVisit(f)
        let tablet = VisitDraft(ratings: ["before.plan": VisitRating(level: 3)])
        let phone = VisitDraft(ratings: ["before.plan": VisitRating(level: 1)])
        _ = try f.write { db in try Visits.saveDraft(db, by: f.supervisor, visitID: visit.id, basedOn: 0, tablet) }
        let error = #expect(throws: EvaluationError.self) {
            try f.write { db in try Visits.saveDraft(db, by: f.supervisor, visitID: visit.id, basedOn: 0, phone) }
        }
        #expect(error?.description.contains("saved elsewhere") == true)
        let stored = try f.read { db in try Visits.visit(db, id: visit.id, viewer: f.supervisor) }
        #expect(stored.content.ratings["before.plan"]?.level == 3)
    }

    @Test func aDraftWithUnknownItemsLevelsAndProblemsIsRefusedNamingEachOne() throws {
        let f = try EvaluationFixture()
        let visit = try startVisit(f)
        let bad = VisitDraft(
            ratings: [
                "during.dance": VisitRating(level: 3), "before.plan": VisitRating(level: 5),
                "before.room": VisitRating(level: nil)
            ],
            texts: ["gossip": "x"], problems: ["aliens"], observedSessions: [999])
        let error = #expect(throws: EvaluationError.self) {
            try f.write { db in try Visits.saveDraft(db, by: f.supervisor, visitID: visit.id, basedOn: 0, bad) }
        }
        let text = try #require(error).description
        for part in [
            "during.dance is not an item", "before.plan: 5 is not a level", "before.room must be rated",
            "gossip is not a text field", "aliens is not a problem", "screening 999 is not one of this class's"
        ] {
            #expect(text.contains(part), "missing \(part) in \(text)")
        }
    }

    @Test func aSubmittedVisitNeverChangesEvenThroughDirectSQL() throws {
        let f = try EvaluationFixture()
        let visit = try startVisit(f)
        let draft = try f.fullDraft(level: 2)
        let revision = try f.write { db in try Visits.saveDraft(db, by: f.supervisor, visitID: visit.id, basedOn: 0, draft) }
        _ = try f.write { db in try Visits.submit(db, by: f.supervisor, visitID: visit.id, revision: revision) }
        #expect(throws: EvaluationError.self) {
            try f.write { db in try Visits.saveDraft(db, by: f.supervisor, visitID: visit.id, basedOn: revision, VisitDraft()) }
        }
        #expect(throws: DatabaseError.self) {
            try f.write { db in try db.execute("UPDATE evaluation_visit_rating SET level = 3 WHERE visit_id = ?", [visit.id]) }
        }
        #expect(throws: DatabaseError.self) {
            try f.write { db in try db.execute("UPDATE evaluation_visit SET visit_date = '2026-06-16' WHERE id = ?", [visit.id]) }
        }
        let stored = try f.read { db in try Visits.visit(db, id: visit.id, viewer: f.supervisor) }
        #expect(stored.state == .submitted && stored.content.ratings.values.allSatisfy { $0.level == 2 || $0.level == nil })
    }

    @Test func submittingIsRefusedWhileItemsAreUnratedOrTheFormChangedSinceItWasRead() throws {
        let f = try EvaluationFixture()
        let visit = try startVisit(f)
        let partial = VisitDraft(ratings: ["before.plan": VisitRating(level: 3)])
        let revision = try f.write { db in try Visits.saveDraft(db, by: f.supervisor, visitID: visit.id, basedOn: 0, partial) }
        let unrated = #expect(throws: EvaluationError.self) {
            try f.write { db in try Visits.submit(db, by: f.supervisor, visitID: visit.id, revision: revision) }
        }
        #expect(unrated?.description.contains("equipment.tv") == true)
        #expect(throws: EvaluationError.self) {
            try f.write { db in try Visits.submit(db, by: f.supervisor, visitID: visit.id, revision: revision - 1) }
        }
    }

    @Test func aCorrectionIsANewVersionLinkedToTheOldOneAndAuditedWhileTheOldStaysAsItWas() throws {
        let f = try EvaluationFixture()
        let visit = try startVisit(f)
        let draft = try f.fullDraft(level: 2)
        let revision = try f.write { db in try Visits.saveDraft(db, by: f.supervisor, visitID: visit.id, basedOn: 0, draft) }
        _ = try f.write { db in try Visits.submit(db, by: f.supervisor, visitID: visit.id, revision: revision) }
        let correction = try f.write { db in
            try Visits.startCorrection(db, by: f.supervisor, visitID: visit.id, reason: "ให้คะแนนข้อ before.plan ผิด")
        }
        #expect(correction.version == 2 && correction.correctsID == visit.id && correction.content == draft.normalized)
        #expect(throws: EvaluationError.self) {
            try f.write { db in try Visits.startCorrection(db, by: f.supervisor, visitID: visit.id, reason: "อีกครั้ง") }
        }
        var fixed = draft
        fixed.ratings["before.plan"] = VisitRating(level: 3)
        let fixedDraft = fixed
        let newRevision = try f.write { db in
            try Visits.saveDraft(db, by: f.supervisor, visitID: correction.id, basedOn: correction.revision, fixedDraft)
        }
        _ = try f.write { db in try Visits.submit(db, by: f.supervisor, visitID: correction.id, revision: newRevision) }
        let (old, current, history, audit) = try f.read { db in
            (
                try Visits.visit(db, id: visit.id, viewer: f.director),
                try Visits.submitted(db, schoolID: f.school, from: Self.visitDay, through: Self.visitDay, viewer: f.director),
                try Visits.history(db, id: visit.id, viewer: f.director),
                try AuditLog.recent(db, action: "visit.correct")
            )
        }
        #expect(old.content.ratings["before.plan"]?.level == 2)
        #expect(current.map(\.id) == [correction.id])
        #expect(history.map(\.version) == [1, 2])
        #expect(audit.count == 1 && audit[0].target == "visit:\(visit.id)" && audit[0].detail.contains("before.plan"))
    }

    @Test func theTeacherSeesAndCommentsOnHerSubmittedVisitWhileOthersCannot() throws {
        let f = try EvaluationFixture()
        let visit = try startVisit(f)
        #expect(throws: EvaluationError.self) { try f.read { db in try Visits.visit(db, id: visit.id, viewer: f.teacher) } }
        let draft = try f.fullDraft(level: 3)
        let revision = try f.write { db in try Visits.saveDraft(db, by: f.supervisor, visitID: visit.id, basedOn: 0, draft) }
        _ = try f.write { db in try Visits.submit(db, by: f.supervisor, visitID: visit.id, revision: revision) }
        _ = try f.write { db in try Visits.comment(db, by: f.teacher, visitID: visit.id, text: "ขอบคุณค่ะ จะเตรียมใบงานเพิ่ม") }
        let comments = try f.read { db in try Visits.comments(db, visitID: visit.id, viewer: f.director) }
        #expect(comments.map(\.text) == ["ขอบคุณค่ะ จะเตรียมใบงานเพิ่ม"])
        #expect(throws: EvaluationError.self) {
            try f.write { db in try Visits.comment(db, by: f.director, visitID: visit.id, text: "ผอ. เห็นด้วย") }
        }
        for outsider in [f.otherTeacher, f.otherSupervisor, f.pupils[0]] {
            #expect(throws: EvaluationError.self) { try f.read { db in try Visits.visit(db, id: visit.id, viewer: outsider) } }
        }
        #expect(throws: EvaluationError.self) {
            try f.write { db in
                try Visits.create(
                    db, by: f.otherSupervisor, classID: f.classID, teacherID: f.teacher.userID,
                    date: Self.visitDay, period: nil, instrumentID: f.visitForm)
            }
        }
    }

    @Test func observedScreeningsMustBeTheClasssOnTheVisitDay() throws {
        let f = try EvaluationFixture()
        let visit = try startVisit(f)
        let session = UUID()
        let events = UsageEvidenceTests.screening(
            session: session, item: f.recording, classID: f.classID,
            start: EvaluationFixture.monday, seconds: 600)
        _ = try PlaybackIngest(store: f.store).ingestSync(
            EventBatch(events: events), from: f.teacher,
            now: EvaluationFixture.monday.addingTimeInterval(3600))
        let screening = try #require(try f.read { db in try db.scalar("SELECT id FROM learning_usage_session", as: Int64.self) })
        let draft = VisitDraft(observedSessions: [screening])
        _ = try f.write { db in try Visits.saveDraft(db, by: f.supervisor, visitID: visit.id, basedOn: 0, draft) }
        let stored = try f.read { db in try Visits.visit(db, id: visit.id, viewer: f.supervisor) }
        #expect(stored.content.observedSessions == [screening])
    }
}
