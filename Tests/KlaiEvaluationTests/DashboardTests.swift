import Foundation
import KlaiCatalog
import KlaiLearning
import KlaiStore
import Testing

@testable import KlaiEvaluation

@Suite struct DashboardTests {
    let term = EvaluationFixture.termID

    /// The fortnight of screenings, refreshed, and a submitted visit rating "in sync" at `inSyncLevel`.
    func termWithAVisit(_ f: EvaluationFixture, inSyncLevel: Int = 3) throws -> Visit {
        try UsageEvidenceTests().playTheFortnight(f)
        let term = term
        _ = try f.write { db in try UsageEvidence.refresh(db, classID: f.classID, termID: term, asOf: UsageEvidenceTests.asOf) }
        var draft = try f.fullDraft(level: 2)
        draft.ratings["during.in-sync"] = VisitRating(level: inSyncLevel)
        draft.problems = ["signal"]
        let content = draft
        return try f.write { db in
            let visit = try Visits.create(
                db, by: f.supervisor, classID: f.classID, teacherID: f.teacher.userID,
                date: VisitTests.visitDay, period: 1, instrumentID: f.visitForm)
            let revision = try Visits.saveDraft(db, by: f.supervisor, visitID: visit.id, basedOn: 0, content)
            return try Visits.submit(db, by: f.supervisor, visitID: visit.id, revision: revision)
        }
    }

    @Test func eachRoleSeesOnlyItsOwnSchoolsClassesAndRows() throws {
        let f = try EvaluationFixture()
        _ = try termWithAVisit(f)
        let term = term
        let (supervisor, other, director, teacherSchools) = try f.read { db in
            (
                try Dashboard.schools(db, viewer: f.supervisor, termID: term), try Dashboard.schools(db, viewer: f.otherSupervisor, termID: term),
                try Dashboard.schools(db, viewer: f.director, termID: term), try Dashboard.schools(db, viewer: f.teacher, termID: term)
            )
        }
        #expect(supervisor.map(\.schoolID) == [f.school] && other.map(\.schoolID) == [f.otherSchool])
        #expect(director.map(\.schoolID) == [f.school] && teacherSchools.isEmpty)
        let (own, notTaught) = try f.read { db in
            (
                try Dashboard.classes(db, viewer: f.teacher, schoolID: f.school, termID: term),
                try Dashboard.classes(db, viewer: f.otherTeacher, schoolID: f.school, termID: term)
            )
        }
        #expect(own.map(\.classID) == [f.classID] && own[0].name == "ป.4/1" && notTaught.isEmpty)
        #expect(throws: EvaluationError.self) {
            try f.read { db in try Dashboard.teachers(db, viewer: f.otherSupervisor, classID: f.classID, termID: term) }
        }
    }

    @Test func theSchoolRowEqualsItsClassesRecomputedFromTheRecordsAndItsStoredVisitsAndRepairs() throws {
        let f = try EvaluationFixture()
        _ = try termWithAVisit(f)
        let term = term
        let (row, recomputed, visitRows) = try f.read { db in
            (
                try Dashboard.schools(db, viewer: f.supervisor, termID: term)[0],
                try UsageEvidence.recompute(db, classID: f.classID, termID: term, asOf: UsageEvidenceTests.asOf),
                try db.scalar("SELECT count(*) FROM evaluation_visit WHERE state = 'submitted'", as: Int.self)
            )
        }
        #expect(row.scheduledPeriods == recomputed.scheduledPeriods && row.coveredPeriods == recomputed.coveredPeriods)
        #expect(row.screenings == recomputed.screenings && row.inSync == recomputed.inSync && row.remedial == recomputed.remedial)
        #expect(row.dltvScreenings == recomputed.dltvScreenings && row.dlitScreenings == recomputed.dlitScreenings)
        #expect(abs(row.playSeconds - recomputed.playSeconds) < 1e-6 && abs(row.stallSeconds - recomputed.stallSeconds) < 1e-6)
        #expect(row.visits == visitRows && row.classesVisited == 1 && row.visitedShare == 1 && row.classes == 1)
        #expect(row.term == "1/2569" && row.schoolCode == "1012345678")
    }

    @Test func drillingDownFromClassToTeacherToLessonShowsTheScreenings() throws {
        let f = try EvaluationFixture()
        _ = try termWithAVisit(f)
        let term = term
        let (teachers, lessons, ownLessons) = try f.read { db in
            (
                try Dashboard.teachers(db, viewer: f.director, classID: f.classID, termID: term),
                try Dashboard.lessons(db, viewer: f.director, classID: f.classID, teacherID: f.teacher.userID, termID: term),
                try Dashboard.lessons(db, viewer: f.teacher, classID: f.classID, teacherID: f.teacher.userID, termID: term)
            )
        }
        #expect(teachers.count == 1 && teachers[0].screenings == 5 && teachers[0].visits == 1 && teachers[0].name == "ครูสมศรี")
        #expect(lessons.first?.itemID == f.recording && lessons.first?.screenings == 3 && lessons.count == 3)
        #expect(ownLessons == lessons)
    }

    @Test func weeklyTrendPointsAddUpToTheTermFigures() throws {
        let f = try EvaluationFixture()
        _ = try termWithAVisit(f)
        let term = term
        let (points, usage) = try f.read { db in
            (
                try Dashboard.weeklyTrend(db, viewer: f.supervisor, schoolID: f.school, termID: term),
                try UsageEvidence.stored(db, classID: f.classID, termID: term)!
            )
        }
        #expect(points.map(\.scheduledPeriods).reduce(0, +) == usage.scheduledPeriods)
        #expect(points.map(\.screenings).reduce(0, +) == usage.screenings)
        #expect(points.map(\.weekStart) == points.map(\.weekStart).sorted() && points.allSatisfy { $0.weekStart.weekday == 1 })
    }

    @Test func aTopInSyncRatingIsFlaggedWhenCoverageIsBelowHalfButAMiddleOneIsNot() throws {
        let f = try EvaluationFixture()
        let flagged = try termWithAVisit(f, inSyncLevel: 3)
        let term = term
        let report = try f.read { db in try TermReport.report(db, viewer: f.supervisor, schoolID: f.school, termID: term, asOf: UsageEvidenceTests.asOf) }
        #expect(report.visits.contradictions.map(\.itemID) == ["during.in-sync"])
        #expect(report.visits.contradictions.first?.visitID == flagged.id)
        #expect(report.visits.contradictions.first?.itemText?.th == "นักเรียนเรียนพร้อมกับโรงเรียนต้นทางตามตารางออกอากาศ")
        #expect(report.visits.contradictions.first?.sentence == "during.in-sync was rated 3 while timetableCoverage is 17 % (below 50 %)")
        #expect(report.visits.problems == ["signal": 1])

        let calm = try EvaluationFixture()
        _ = try termWithAVisit(calm, inSyncLevel: 2)
        let calmReport = try calm.read { db in
            try TermReport.report(db, viewer: calm.supervisor, schoolID: calm.school, termID: term, asOf: UsageEvidenceTests.asOf)
        }
        #expect(calmReport.visits.contradictions.isEmpty && calmReport.visits.levels["2"] ?? 0 > 0)
    }
}
