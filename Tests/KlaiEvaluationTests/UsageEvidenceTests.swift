import Foundation
import KlaiCatalog
import KlaiLearning
import KlaiStore
import Testing

@testable import KlaiEvaluation

@Suite struct UsageEvidenceTests {
    /// Tuesday 23 June 2026: six Mondays of term 1 (18 May … 22 June) have passed, two periods each.
    static let asOf = LocalDate(year: 2026, month: 6, day: 23)!
    static let day: TimeInterval = 86_400

    /// A class screening of `seconds` from position 0: progress every 10 s; when `stallAt` is given, the
    /// event at that position arrives `stallSeconds` late and reports one stall.
    static func screening(
        session: UUID = UUID(), item: Int64, classID: Int64?, start: Date, seconds: Double,
        stallAt: Double? = nil, stallSeconds: Double = 0
    ) -> [PlaybackEvent] {
        var events = [
            PlaybackEvent(
                sessionID: session, item: item, kind: .started, position: 0, deviceTime: start,
                rendition: "360p", stalls: 0, classID: classID)
        ]
        var position = 0.0, delay = 0.0
        while position < seconds {
            position = min(position + 10, seconds)
            let stalled = stallAt == position
            if stalled { delay += stallSeconds }
            events.append(
                PlaybackEvent(
                    sessionID: session, item: item, kind: position == seconds ? .paused : .progress,
                    position: position, deviceTime: start.addingTimeInterval(position + delay),
                    rendition: "360p", stalls: stalled ? 1 : 0, classID: classID))
        }
        return events
    }

    /// Posts `events` as an online player does: batches of 10 events, each arriving a second after its last
    /// event happened (Klai credits no more playback than the time it saw pass, and matches the timetable by
    /// arrival). `now` is when the caller's story says the last batch arrived; it is never earlier than that.
    func post(_ f: EvaluationFixture, _ events: [PlaybackEvent], as principal: Principal, now: Date) throws {
        try Self.deliver(events) { batch, arrival in
            let result = try PlaybackIngest(store: f.store).ingestSync(batch, from: principal, now: arrival)
            #expect(result.rejected.isEmpty, "\(result.rejected)")
        }
    }

    /// Splits `events` into a player's batches and hands each over with its arrival time.
    static func deliver(_ events: [PlaybackEvent], _ send: (EventBatch, Date) throws -> Void) throws {
        var start = 0
        while start < events.count {
            let batch = Array(events[start..<min(start + 10, events.count)])
            try send(EventBatch(events: batch), (batch.last?.deviceTime ?? Date()).addingTimeInterval(1))
            start += 10
        }
    }

    /// Monday 15 June period 1 in sync (50 min, one 120 s stall); a replay on Tuesday; the same episode in
    /// next Monday's period (wrong episode); next Monday's episode on Tuesday (deferred); a DLIT lesson.
    func playTheFortnight(_ f: EvaluationFixture) throws {
        let monday = EvaluationFixture.monday
        let tuesdayAfternoon = monday.addingTimeInterval(Self.day + 4.5 * 3600)
        let nextMonday = monday.addingTimeInterval(7 * Self.day)
        try post(
            f,
            Self.screening(
                item: f.recording, classID: f.classID, start: monday, seconds: 3000, stallAt: 1500,
                stallSeconds: 120), as: f.teacher, now: monday.addingTimeInterval(2 * 3600))
        try post(
            f, Self.screening(item: f.recording, classID: f.classID, start: tuesdayAfternoon, seconds: 600),
            as: f.teacher, now: tuesdayAfternoon.addingTimeInterval(3600))
        try post(
            f,
            Self.screening(
                item: f.dlitLesson, classID: f.classID, start: tuesdayAfternoon.addingTimeInterval(3600),
                seconds: 300), as: f.teacher, now: tuesdayAfternoon.addingTimeInterval(7200))
        try post(
            f, Self.screening(item: f.recording, classID: f.classID, start: nextMonday, seconds: 3000),
            as: f.teacher, now: nextMonday.addingTimeInterval(2 * 3600))
        try post(
            f,
            Self.screening(
                item: f.nextWeeksRecording, classID: f.classID, start: nextMonday.addingTimeInterval(Self.day),
                seconds: 1200), as: f.teacher, now: nextMonday.addingTimeInterval(Self.day + 7200))
    }

    @Test func eachFigureOfAClassTermFollowsItsDefinition() throws {
        let f = try EvaluationFixture()
        try playTheFortnight(f)
        let usage = try f.write { db in try UsageEvidence.refresh(db, classID: f.classID, termID: EvaluationFixture.termID, asOf: Self.asOf) }
        #expect(usage.scheduledPeriods == 12 && usage.coveredPeriods == 2)
        #expect(usage.screenings == 5 && usage.inSync == 1 && usage.remedial == 1 && usage.wrongEpisode == 1 && usage.deferred == 1)
        #expect(usage.dlitScreenings == 1 && usage.dlitSeconds == 300)
        #expect(usage.playSeconds == 3000 + 600 + 300 + 3000 + 1200)
        #expect(usage.stallSeconds == 120 && usage.stalledScreenings == 0)
        #expect(usage.timetableCoverage == 2.0 / 12 && usage.inSyncShare == 0.25)
        let june15 = try #require(usage.weeks.first { $0.weekStart == LocalDate(year: 2026, month: 6, day: 15) })
        #expect(june15.scheduledPeriods == 2 && june15.coveredPeriods == 1 && june15.screenings == 3)
        #expect(usage.weeks.map(\.scheduledPeriods).reduce(0, +) == 12)
    }

    @Test func aScreeningThatWaitedMoreThanFivePercentIsCountedAsStalled() throws {
        let f = try EvaluationFixture()
        let monday = EvaluationFixture.monday
        try post(
            f, Self.screening(item: f.recording, classID: f.classID, start: monday, seconds: 600, stallAt: 300, stallSeconds: 60),
            as: f.teacher, now: monday.addingTimeInterval(3600))
        let usage = try f.write { db in try UsageEvidence.refresh(db, classID: f.classID, termID: EvaluationFixture.termID, asOf: Self.asOf) }
        #expect(usage.stallSeconds == 60 && usage.stalledScreenings == 1 && usage.smoothPlaybackShare == 0)
        #expect(usage.stallSecondsPerPlayHour == 60 / (600.0 / 3600))
    }

    @Test func storedFiguresEqualARecomputationFromTheEventsAlsoAfterALateOfflineBatch() throws {
        let f = try EvaluationFixture()
        try playTheFortnight(f)
        let term = EvaluationFixture.termID
        _ = try f.write { db in try UsageEvidence.refresh(db, classID: f.classID, termID: term, asOf: Self.asOf) }
        #expect(try f.read { db in try UsageEvidence.differences(db) }.isEmpty)
        // A tablet that was offline sends Monday 8 June's period 2 (ภาษาไทย, in its slot) and the rest of a
        // session already counted, with a stall, two weeks late.
        let june8 = EvaluationFixture.monday.addingTimeInterval(-7 * Self.day + 3600)
        try post(
            f, Self.screening(item: f.dlitLesson, classID: f.classID, start: june8, seconds: 3000), as: f.teacher,
            now: EvaluationFixture.monday.addingTimeInterval(8 * Self.day))
        #expect(try f.read { db in try UsageEvidence.differences(db) } == ["usage of class \(f.classID) in term \(term) differs from its records"])
        let refreshed = try f.write { db in try UsageEvidence.refresh(db, classID: f.classID, termID: term, asOf: Self.asOf) }
        #expect(refreshed.coveredPeriods == 3 && refreshed.dlitScreenings == 2)
        let (stored, recomputed, problems) = try f.read { db in
            (
                try UsageEvidence.stored(db, classID: f.classID, termID: term),
                try UsageEvidence.recompute(db, classID: f.classID, termID: term, asOf: Self.asOf), try UsageEvidence.differences(db)
            )
        }
        #expect(stored == recomputed && problems.isEmpty)
    }

    @Test func aLateBatchExtendingACountedScreeningIsReadAgainNotTakenFromTheCache() throws {
        let f = try EvaluationFixture()
        let monday = EvaluationFixture.monday
        let session = UUID()
        let all = Self.screening(
            session: session, item: f.recording, classID: f.classID, start: monday, seconds: 600,
            stallAt: 500, stallSeconds: 90)
        try post(f, Array(all.prefix(30)), as: f.teacher, now: monday.addingTimeInterval(3600))
        let early = try f.write { db in try UsageEvidence.refresh(db, classID: f.classID, termID: EvaluationFixture.termID, asOf: Self.asOf) }
        try post(f, Array(all.dropFirst(30)), as: f.teacher, now: monday.addingTimeInterval(7200))
        let late = try f.write { db in try UsageEvidence.refresh(db, classID: f.classID, termID: EvaluationFixture.termID, asOf: Self.asOf) }
        #expect(early.stallSeconds == 0 && late.stallSeconds == 90 && late.playSeconds == 600)
    }

    @Test func pupilsCountAsExposedAtEightyPercentOfTheirAssignedLessons() throws {
        let f = try EvaluationFixture()
        try f.write { db in
            try db.execute(
                """
                INSERT INTO learning_course (id, school_id, title, class_id, created_by, created_at) VALUES (1, ?, 'ภาษาไทย ป.4', ?, ?, ?)
                """, [f.school, f.classID, f.teacher.userID, Date()])
            try db.execute("INSERT INTO learning_unit (id, course_id, position, title) VALUES (1, 1, 1, 'หน่วย 1')")
            try db.execute("INSERT INTO learning_course_item (id, course_id, unit_id, position, item_id) VALUES (1, 1, 1, 1, ?)", [f.dlitLesson])
            try db.execute(
                """
                INSERT INTO learning_assignment (course_item_id, class_id, due_at, assigned_by, created_at) VALUES (1, ?, ?, ?, ?)
                """, [f.classID, EvaluationFixture.monday.addingTimeInterval(3 * Self.day), f.teacher.userID, Date()])
        }
        let evening = EvaluationFixture.monday.addingTimeInterval(10 * 3600)
        try post(
            f, Self.screening(item: f.dlitLesson, classID: nil, start: evening, seconds: 2850), as: f.pupils[0],
            now: evening.addingTimeInterval(7200))
        try post(
            f, Self.screening(item: f.dlitLesson, classID: nil, start: evening, seconds: 1500), as: f.pupils[1],
            now: evening.addingTimeInterval(7200))
        let usage = try f.write { db in try UsageEvidence.refresh(db, classID: f.classID, termID: EvaluationFixture.termID, asOf: Self.asOf) }
        #expect(usage.pupilsEnrolled == 2 && usage.assignedItems == 1 && usage.pupilsExposed == 1 && usage.completions == 1)
        #expect(usage.pupilExposure == 0.5 && usage.completionRate == 0.5)
    }

    @Test func batchesIngestedTogetherWithTheirRefreshLeaveNothingStaleEvenWhenOneArrivesLate() throws {
        let f = try EvaluationFixture()
        let teacher = f.teacher
        func ingestAndRefresh(_ events: [PlaybackEvent], now: Date) throws {
            try Self.deliver(events) { batch, arrival in
                let result = try f.write { db in
                    let result = try PlaybackIngest.apply(batch, from: teacher, now: arrival, policy: ProgressPolicy(), in: db)
                    try UsageEvidence.refreshAfterBatch(db, batch, today: LocalDate(now))
                    return result
                }
                #expect(result.accepted == batch.events.count)
            }
        }
        let monday = EvaluationFixture.monday
        try ingestAndRefresh(
            Self.screening(item: f.recording, classID: f.classID, start: monday, seconds: 3000),
            now: monday.addingTimeInterval(3600))
        try ingestAndRefresh(
            Self.screening(
                item: f.dlitLesson, classID: f.classID, start: monday.addingTimeInterval(-7 * Self.day),
                seconds: 900), now: monday.addingTimeInterval(2 * Self.day))
        let (stored, problems) = try f.read { db in
            (try UsageEvidence.stored(db, classID: f.classID, termID: EvaluationFixture.termID), try UsageEvidence.differences(db))
        }
        #expect(problems.isEmpty && stored?.screenings == 2 && stored?.inSync == 1 && stored?.dlitScreenings == 1)
        #expect(stored?.asOf == LocalDate(year: 2026, month: 6, day: 17))
    }
}
