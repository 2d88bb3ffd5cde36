import Foundation
import KlaiStore
import Testing

@testable import KlaiLearning

/// Progress and teacher usage are credited no faster than the server's own clock saw a session play.
@Suite struct PlaybackForgeryTests {
    static let start = PlaybackFixture.mondayPeriod1

    @Test func aBackDatedSyntheticTimelinePostedAtOnceDoesNotCompleteALesson() throws {
        let f = try PlaybackFixture()
        let twentyDaysAgo = Self.start.addingTimeInterval(-20 * 86_400)
        let forged = PlaybackFixture.play(session: UUID(), item: f.mathItem, from: 0, to: 600, at: 0).map { event in
            var event = event
            event.deviceTime = twentyDaysAgo.addingTimeInterval(event.deviceTime.timeIntervalSince(Self.start))
            return event
        }
        // Accepted (an offline queue looks the same), but credited only for what the server can vouch for.
        let result = try f.post(forged, now: Self.start)
        #expect(result.accepted == forged.count)
        let row = try #require(try f.progress(f.mathItem))
        let vouched = PlaybackTimeline.maximumRate * PlaybackTimeline.vouchedTolerance
        #expect(try row.get("covered_seconds", as: Double.self) == vouched)
        #expect(row["completed_at"].isNull)
        // Splitting the forgery into many batches posted within a few seconds gains nothing.
        let again = try PlaybackFixture()
        for (index, batch) in PlaybackFixture.liveBatches(forged).enumerated() {
            _ = try again.post(batch, now: Self.start.addingTimeInterval(Double(index) * 0.05))
        }
        #expect(try again.progress(again.mathItem)!.get("covered_seconds", as: Double.self) <= vouched + 2 * 5)
        #expect(try again.progress(again.mathItem)!["completed_at"].isNull)
    }

    @Test func aBackDatedScreeningIsNotMatchedToTheTimetable() throws {
        let f = try PlaybackFixture()
        // Device times claim Monday's period 1 (ค), but the events reach the server on Wednesday at the same
        // hour, spread over ten minutes as if live: no period of that day is on air.
        let events = PlaybackFixture.play(session: UUID(), item: f.mathItem, from: 0, to: 600, at: 0, classID: f.classID)
        let wednesday = Self.start.addingTimeInterval(2 * 86_400)
        for batch in PlaybackFixture.liveBatches(events) {
            let offset = batch[0].deviceTime.timeIntervalSince(Self.start)
            _ = try f.post(batch, as: f.teacher, now: wednesday.addingTimeInterval(offset + 1))
        }
        let usage = try #require(
            try f.library.store.readSync { db in
                try UsageSession.forTeacher(db, teacherID: f.teacher.userID, from: .distantPast, to: .distantFuture)
            }.first)
        #expect(!usage.matchedTimetable && usage.timetableSlotID == nil)
        // The same screening delivered live on Monday matches.
        let g = try PlaybackFixture()
        _ = try g.post(
            PlaybackFixture.play(session: UUID(), item: g.mathItem, from: 0, to: 600, at: 0, classID: g.classID),
            as: g.teacher)
        let live = try #require(
            try g.library.store.readSync { db in
                try UsageSession.forTeacher(db, teacherID: g.teacher.userID, from: .distantPast, to: .distantFuture)
            }.first)
        #expect(live.matchedTimetable && live.timetableSlotID == 1 && live.secondsPlayed == 600)
    }

    @Test func aSessionClaimingTenTimesRealTimeIsCreditedInRunsAndItsStoredSetStaysSmall() throws {
        // One event per second of playback, sent as a batch of 10 every second of server time (10× real time),
        // device times in the past. The allowance (2 × (server time + 60 s)) runs out after 15 batches; from
        // then on each batch would earn a sliver at a new place, one interval more per batch to read and
        // write on every later batch. Credit comes back in runs instead.
        let f = try PlaybackFixture()
        let session = UUID()
        let deviceStart = Self.start.addingTimeInterval(-3_600)
        let steps = [(PlaybackEvent.Kind.started, 0.0, 0.0, Double?.none)] + (1...600).map { (.progress, Double($0), Double($0), nil) }
        let events = PlaybackFixture.events(session: session, item: f.mathItem, start: deviceStart, steps)
        var index = 0
        var batch = 0
        while index < events.count {
            let now = Self.start.addingTimeInterval(Double(batch))
            let result = try f.post(Array(events[index..<min(index + 10, events.count)]), now: now)
            #expect(result.rejected.isEmpty)
            index += 10
            batch += 1
        }
        let row = try #require(try f.progress(f.mathItem))
        let covered = try row.get("covered_seconds", as: Double.self)
        let allowance = PlaybackTimeline.maximumRate * (Double(batch - 1) + PlaybackTimeline.vouchedTolerance)
        #expect(covered <= allowance && covered >= allowance - 2 * PlaybackTimeline.resumingCredit, "\(covered) of \(allowance)")
        let intervals = try #require(try f.intervals(f.mathItem)).split(separator: ",").count
        #expect(intervals <= 12, "\(intervals) intervals after \(batch) batches")
        #expect(row["completed_at"].isNull)
    }

    @Test func anOfflineQueueIsCreditedUpToTheWallTimeTheServerSaw() throws {
        let f = try PlaybackFixture()
        let session = UUID()
        let events = PlaybackFixture.play(session: session, item: f.mathItem, from: 0, to: 600, at: 0)
        // The player reports its start, loses the network, and sends the rest when it comes back 10 minutes later.
        _ = try f.post([events[0]], now: Self.start.addingTimeInterval(1))
        _ = try f.post(Array(events.dropFirst()), now: Self.start.addingTimeInterval(601))
        let row = try #require(try f.progress(f.mathItem))
        #expect(try row.get("covered_seconds", as: Double.self) == 600 && !row["completed_at"].isNull)
        // A session whose first word reaches the server only at the end earns the tolerance only.
        let g = try PlaybackFixture()
        _ = try g.post(
            PlaybackFixture.play(session: UUID(), item: g.mathItem, from: 0, to: 600, at: 0),
            now: Self.start.addingTimeInterval(601))
        #expect(try g.progress(g.mathItem)!.get("covered_seconds", as: Double.self) == 120)
    }

    @Test func eventsPastASessionsCapAreRefusedWithAReason() throws {
        var policy = ProgressPolicy()
        policy.maximumEventsPerSession = 10
        let f = try PlaybackFixture(policy: policy)
        let events = PlaybackFixture.play(session: UUID(), item: f.mathItem, from: 0, to: 140, at: 0)  // 16 events
        let result = try f.post(events)
        #expect(result.accepted == 10 && result.rejected.count == events.count - 10)
        #expect(result.rejected.allSatisfy { $0.reason.contains("the most one session may send") })
        #expect(result.rejected.map(\.eventID) == events.suffix(events.count - 10).map(\.eventID))
        let problems = try f.library.store.readSync { db in try PlaybackRecomputation.differences(db) }
        #expect(problems.isEmpty)
    }

    @Test func eventsPastAPersonsDailyCapAreRefusedUntilTheNextDay() throws {
        var policy = ProgressPolicy()
        policy.maximumEventsPerPersonPerDay = 12
        let f = try PlaybackFixture(policy: policy)
        let first = try f.post(PlaybackFixture.play(session: UUID(), item: f.mathItem, from: 0, to: 60, at: 0))  // 8 events
        let second = try f.post(PlaybackFixture.play(session: UUID(), item: f.dlitItem, from: 0, to: 60, at: 100))
        #expect(first.accepted == 8 && second.accepted == 4 && second.rejected.count == 4)
        #expect(second.rejected.allSatisfy { $0.reason.contains("today") })
        let tomorrow = try f.post(PlaybackFixture.play(session: UUID(), item: f.dlitItem, from: 0, to: 60, at: 86_400))
        #expect(tomorrow.accepted == 8 && tomorrow.rejected.isEmpty)
        // Old days' counts are pruned; today's stays.
        #expect(try f.ingest.prune(now: PlaybackFixture.mondayPeriod1.addingTimeInterval(2 * 86_400)) == 1)
        let days = try f.library.store.readSync { db in try db.scalar("SELECT count(*) FROM learning_event_day", as: Int.self) }
        #expect(days == 1)
    }
}

/// One event costs its own work: no rebuild of its session from the stored events, no rescan of the
/// pupil's other sessions. Rows planted behind ingest's back show whether either was read.
@Suite struct PlaybackWorkBoundTests {
    @Test func aLateEventNeitherRebuildsItsSessionNorRescansThePupilsSessions() throws {
        let f = try PlaybackFixture()
        let session = UUID()
        _ = try f.post(PlaybackFixture.play(session: session, item: f.mathItem, from: 0, to: 100, at: 0))
        let stored = try f.library.store.readSync { db in
            try db.scalar("SELECT event_count FROM learning_playback WHERE session_id = ?", [session.blob], as: Int.self)
        }
        try f.library.store.writeSync { db in
            // A stored event the summaries never saw, and another session's summary with no events at all.
            try db.execute(
                """
                INSERT INTO learning_event (event_id, session_id, user_id, item_id, kind, position, device_time, received_at)
                VALUES (?, ?, ?, ?, 1, 50, ?, ?)
                """,
                [
                    UUID().blob, session.blob, f.student.userID, f.mathItem,
                    PlaybackFixture.mondayPeriod1.addingTimeInterval(50).timeIntervalSince1970,
                    PlaybackFixture.mondayPeriod1.timeIntervalSince1970
                ])
            try db.execute(
                """
                INSERT INTO learning_playback (session_id, item_id, user_id, first_time, last_time, last_position, playing,
                    intervals, seconds_played, event_count, first_received)
                VALUES (?, ?, ?, 0, 0, 0, 0, '300.0-400.0', 100, 1, 0)
                """, [UUID().blob, f.mathItem, f.student.userID])
        }
        // A late event (device time 55 s, before the session's last event at 100 s).
        let late = PlaybackFixture.events(session: session, item: f.mathItem, [(.progress, 55, 55, nil)])
        #expect(try f.post(late, now: PlaybackFixture.mondayPeriod1.addingTimeInterval(120)).accepted == 1)
        let count = try f.library.store.readSync { db in
            try db.scalar("SELECT event_count FROM learning_playback WHERE session_id = ?", [session.blob], as: Int.self)
        }
        #expect(count == stored.map { $0 + 1 }, "the session was rebuilt from its stored events")
        #expect(try f.intervals(f.mathItem) == "0.0-100.0", "the pupil's other sessions were rescanned")
    }
}
