import Foundation
import KlaiCatalog
import KlaiLearning
import KlaiStore
import Testing

@testable import KlaiEvaluation

/// The precomputed school rows (`evaluation_school_term`) a supervisor's overview and the schools CSV read:
/// each must equal the school's row summed again from its classes' usage, visits and repairs.
@Suite struct SchoolTermTests {
    let term = EvaluationFixture.termID

    /// The row the dashboard shows for the fixture's school, and the same row built from the records.
    func shownAndRebuilt(_ f: EvaluationFixture, asOf: LocalDate? = nil) throws -> (shown: SchoolTermRow, rebuilt: SchoolTermRow) {
        let term = term
        return try f.read { db in
            let facts = try TermFacts.load(db, id: term)
            let day = asOf ?? LocalDate(Date())
            let shown = try #require(try SchoolTerms.stored(db, schoolID: f.school, term: facts, asOf: day))
            return (shown, try Dashboard.schoolRow(db, schoolID: f.school, term: facts, asOf: min(day, facts.endsOn)))
        }
    }

    /// Posts a class screening as the events API does: each batch and the refresh of the figures it touches in
    /// one transaction.
    func ingestAndRefresh(_ f: EvaluationFixture, _ events: [PlaybackEvent], today: LocalDate) throws {
        let teacher = f.teacher
        try UsageEvidenceTests.deliver(events) { batch, arrival in
            let result = try f.write { db in
                let result = try PlaybackIngest.apply(batch, from: teacher, now: arrival, policy: ProgressPolicy(), in: db)
                try UsageEvidence.refreshAfterBatch(db, batch, today: today)
                return result
            }
            #expect(result.accepted == batch.events.count)
        }
    }

    @Test func theStoredRowFollowsScreeningsVisitsCorrectionsAndRepairsAndEqualsARecomputation() throws {
        let f = try EvaluationFixture()
        let visit = try DashboardTests().termWithAVisit(f)
        var (shown, rebuilt) = try shownAndRebuilt(f)
        #expect(shown.agrees(with: rebuilt) && shown.screenings == 5 && shown.visits == 1 && shown.classesVisited == 1)
        let fromDashboard = try f.read { [term] db in try Dashboard.schools(db, viewer: f.supervisor, termID: term) }
        #expect(fromDashboard.count == 1 && fromDashboard[0].agrees(with: rebuilt))

        // A correction replaces the visit it corrects: still one visit.
        let correction = try f.write { db in try Visits.startCorrection(db, by: f.supervisor, visitID: visit.id, reason: "แก้ไข") }
        try f.write { db in
            _ = try Visits.submit(db, by: f.supervisor, visitID: correction.id, revision: correction.revision)
        }
        (shown, rebuilt) = try shownAndRebuilt(f)
        #expect(shown.agrees(with: rebuilt) && shown.visits == 1)

        // Every step of a repair request moves the row with it.
        let (room, receiver) = try RepairTests().classroomWithReceiver(f)
        let request = try f.write { db in
            try Repairs.report(
                db, by: f.teacher, classroomID: room, equipmentID: receiver, problem: .brokenDevice,
                description: "เครื่องรับไม่ติด", on: RepairTests.day(15))
        }
        (shown, rebuilt) = try shownAndRebuilt(f)
        #expect(shown.agrees(with: rebuilt) && shown.repairs.open == 1 && shown.repairs.classroomDaysLost > 0)
        try f.write { db in
            try Repairs.acknowledge(db, by: f.director, repairID: request.id, on: RepairTests.day(16))
            try Repairs.markFixed(db, by: f.director, repairID: request.id, on: RepairTests.day(19), repairedBy: .schoolStaff)
        }
        (shown, rebuilt) = try shownAndRebuilt(f)
        #expect(shown.agrees(with: rebuilt) && shown.repairs.open == 0 && shown.repairs.fixed == 1)
        #expect(shown.repairs.classroomDaysLost == 4 && shown.repairs.meanDaysToFix == 4)
        #expect(try f.read { db in try SchoolTerms.differences(db) }.isEmpty)
    }

    @Test func aLateOfflineBatchRefreshesTheSchoolRowInTheSameTransaction() throws {
        let f = try EvaluationFixture()
        _ = try DashboardTests().termWithAVisit(f)
        let before = try shownAndRebuilt(f).shown
        // A tablet that was offline sends Monday 8 June's lesson a week late, through event ingest.
        let june8 = EvaluationFixture.monday.addingTimeInterval(-7 * 86_400 + 3600)
        try ingestAndRefresh(
            f, UsageEvidenceTests.screening(item: f.dlitLesson, classID: f.classID, start: june8, seconds: 3000),
            today: UsageEvidenceTests.asOf)
        let (after, rebuilt) = try shownAndRebuilt(f)
        #expect(after.screenings == before.screenings + 1 && after.dlitScreenings == before.dlitScreenings + 1)
        #expect(after.agrees(with: rebuilt))
        #expect(try f.read { db in try SchoolTerms.differences(db) }.isEmpty)
    }

    @Test func anOpenRequestLosesAClassroomDayEachSchoolDayAfterTheRowWasStored() throws {
        let f = try EvaluationFixture()
        let (room, _) = try RepairTests().classroomWithReceiver(f)
        let term = term
        try f.write { db in
            _ = try Repairs.report(db, by: f.teacher, classroomID: room, problem: .signal, description: "", on: RepairTests.day(15))
            _ = try Repairs.report(db, by: f.director, classroomID: room, problem: .electricity, description: "", on: RepairTests.day(17))
            // Stored as of Tuesday 23 June, as a refresh that day would leave it.
            try SchoolTerms.refresh(db, schoolID: f.school, termID: term, asOf: RepairTests.day(23))
        }
        // Read on Monday 29 June: Wednesday to Friday and Monday are four more lost days of the one classroom.
        let (onThe23rd, rebuilt23) = try shownAndRebuilt(f, asOf: RepairTests.day(23))
        let (onThe29th, rebuilt29) = try shownAndRebuilt(f, asOf: RepairTests.day(29))
        #expect(onThe23rd.agrees(with: rebuilt23) && onThe23rd.repairs.classroomDaysLost == 7)
        #expect(onThe29th.agrees(with: rebuilt29) && onThe29th.repairs.classroomDaysLost == 11)
        // An earlier day than the row counted to cannot be derived from it: the dashboard builds that row instead.
        let earlier = try f.read { db in
            try SchoolTerms.stored(db, schoolID: f.school, term: try TermFacts.load(db, id: term), asOf: RepairTests.day(22))
        }
        #expect(earlier == nil)
    }

    @Test func aClosedTermsRowStaysTheSnapshotWhileTheLiveRowMovesOn() throws {
        let f = try EvaluationFixture()
        _ = try DashboardTests().termWithAVisit(f)
        let term = term
        let closed = try f.write { db in
            try TermReport.close(db, by: f.director, schoolID: f.school, termID: term, asOf: UsageEvidenceTests.asOf)
        }
        let june8 = EvaluationFixture.monday.addingTimeInterval(-7 * 86_400 + 3600)
        try ingestAndRefresh(
            f, UsageEvidenceTests.screening(item: f.dlitLesson, classID: f.classID, start: june8, seconds: 3000),
            today: UsageEvidenceTests.asOf)
        let (room, _) = try RepairTests().classroomWithReceiver(f)
        _ = try f.write { db in
            try Repairs.report(db, by: f.teacher, classroomID: room, problem: .signal, description: "", on: RepairTests.day(24))
        }
        let live = try shownAndRebuilt(f).shown
        let (schools, csv) = try f.read { db in
            (try Dashboard.schools(db, viewer: f.supervisor, termID: term), try TermExports.schools(db, by: f.supervisor, termID: term))
        }
        #expect(live.screenings == closed.school.screenings + 1 && live.repairs.reported == 1)
        #expect(schools == [closed.school] && closed.school.repairs.reported == 0)
        #expect(csv.table == CSVTable.schools([closed.school]))
    }
}
