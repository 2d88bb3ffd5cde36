import Foundation
import KlaiStore
import Testing

@testable import KlaiLearning

@Suite struct PlaybackIngestTests {
    @Test func watchingToTheEndCompletesTheItem() throws {
        let f = try PlaybackFixture()
        let result = try f.post(PlaybackFixture.play(session: UUID(), item: f.mathItem, from: 0, to: 600, at: 0))
        #expect(result.accepted == 62 && result.duplicates == 0 && result.rejected.isEmpty)
        let row = try #require(try f.progress(f.mathItem))
        #expect(try row.get("coverage", as: Double.self) == 1)
        #expect(try row.get("time_spent", as: Double.self) == 600)
        #expect(try row.get("last_position", as: Double.self) == 600)
        #expect(!row["completed_at"].isNull)
    }

    @Test func seekingAheadDoesNotCount() throws {
        let f = try PlaybackFixture()
        let session = UUID()
        _ = try f.post(
            PlaybackFixture.events(
                session: session, item: f.mathItem,
                [
                    (.started, 0, 0, nil), (.progress, 10, 10, nil), (.progress, 20, 20, nil), (.seeked, 500, 21, 20),
                    (.progress, 510, 31, nil), (.ended, 600, 121, nil)
                ]))
        #expect(try f.intervals(f.mathItem) == "0.0-20.0,500.0-600.0")
        #expect(try f.progress(f.mathItem)!.get("coverage", as: Double.self) == 0.2)
        #expect(try f.progress(f.mathItem)!["completed_at"].isNull)
    }

    @Test func rewatchingAddsTimeButNotCoverage() throws {
        let f = try PlaybackFixture()
        let session = UUID()
        _ = try f.post(PlaybackFixture.play(session: session, item: f.mathItem, from: 0, to: 120, at: 0))
        _ = try f.post(
            PlaybackFixture.events(session: session, item: f.mathItem, [(.seeked, 30, 130, 120)])
                + PlaybackFixture.play(session: session, item: f.mathItem, from: 30, to: 150, at: 131))
        let row = try #require(try f.progress(f.mathItem))
        #expect(try row.get("intervals", as: String.self) == "0.0-150.0")
        #expect(try row.get("covered_seconds", as: Double.self) == 150)
        #expect(try row.get("time_spent", as: Double.self) == 240)
        #expect(try row.get("last_position", as: Double.self) == 150)
    }

    @Test func overlappingBatchesFromTwoDevicesMerge() throws {
        let f = try PlaybackFixture()
        _ = try f.post(PlaybackFixture.play(session: UUID(), item: f.mathItem, from: 0, to: 300, at: 0))
        _ = try f.post(PlaybackFixture.play(session: UUID(), item: f.mathItem, from: 200, to: 450, at: 3600))
        let row = try #require(try f.progress(f.mathItem))
        #expect(try row.get("intervals", as: String.self) == "0.0-450.0")
        #expect(try row.get("coverage", as: Double.self) == 0.75)
        #expect(try row.get("time_spent", as: Double.self) == 550)
        #expect(try row.get("last_position", as: Double.self) == 450)  // resume from the latest session
    }

    /// Late batches are folded where they land (no rebuild of the session): an overtaken batch is credited
    /// within itself, never more than in order, duplicates change nothing, and a recomputation agrees.
    @Test func aBatchOvertakenByALaterOneIsCreditedWithinItselfWithoutRebuildingTheSession() throws {
        let inOrder = try PlaybackFixture()
        let shuffled = try PlaybackFixture()
        let session = UUID()
        let events = PlaybackFixture.events(
            session: session, item: inOrder.mathItem,
            [
                (.started, 0, 0, nil), (.progress, 10, 10, nil), (.progress, 20, 20, nil), (.seeked, 300, 21, 20),
                (.progress, 310, 31, nil), (.progress, 320, 41, nil), (.paused, 325, 46, nil)
            ])
        let batches = [Array(events[0..<3]), Array(events[3..<5]), Array(events[5...])]
        let start = PlaybackFixture.mondayPeriod1
        for (index, batch) in batches.enumerated() { _ = try inOrder.post(batch, now: start.addingTimeInterval(21 + 20 * Double(index))) }
        // Later batches first, then the first one; then everything again (a retry after a lost answer).
        _ = try shuffled.post(batches[2], now: start.addingTimeInterval(47))
        _ = try shuffled.post(batches[1], now: start.addingTimeInterval(48))
        _ = try shuffled.post(batches[0], now: start.addingTimeInterval(49))
        let resent = try shuffled.post(events, now: start.addingTimeInterval(50))
        #expect(resent.accepted == 0 && resent.duplicates == events.count)
        #expect(try inOrder.intervals(inOrder.mathItem) == "0.0-20.0,300.0-325.0")
        // The overtaken batches are credited among themselves (0–20); the stretch from the seek, which had
        // nothing before it to pair with, is lost: arrival order can only lose the edges of a late batch.
        #expect(try shuffled.intervals(shuffled.mathItem) == "0.0-20.0,320.0-325.0")
        for fixture in [inOrder, shuffled] {
            let problems = try fixture.library.store.readSync { db in try PlaybackRecomputation.differences(db) }
            #expect(problems.isEmpty)
            let stored = try fixture.library.store.readSync { db in
                try db.scalar("SELECT event_count FROM learning_playback", as: Int.self)
            }
            #expect(stored == events.count)
        }
    }

    @Test func completionHappensAtTheThreshold() throws {
        let f = try PlaybackFixture()
        _ = try f.post(PlaybackFixture.play(session: UUID(), item: f.mathItem, from: 0, to: 539, at: 0))
        #expect(try f.progress(f.mathItem)!["completed_at"].isNull)  // 89.8%
        _ = try f.post(PlaybackFixture.play(session: UUID(), item: f.mathItem, from: 530, to: 540, at: 1000))
        #expect(try f.progress(f.mathItem)!.get("coverage", as: Double.self) == 0.9)
        #expect(!(try f.progress(f.mathItem)!["completed_at"].isNull))
        // A school may lower the threshold.
        var half = ProgressPolicy()
        half.completionThreshold = 0.5
        let g = try PlaybackFixture(policy: half)
        _ = try g.post(PlaybackFixture.play(session: UUID(), item: g.dlitItem, from: 0, to: 300, at: 0))
        #expect(!(try g.progress(g.dlitItem)!["completed_at"].isNull))
    }

    @Test func aLiveViewingIsStoredAsLiveAtBroadcastPositionsWithoutCountingAsCoverageOfTheRecording() throws {
        let f = try PlaybackFixture()
        let session = UUID()
        // 40 minutes into the period on air: past the 600 s recording, but a position in the broadcast.
        let live = PlaybackFixture.play(session: session, item: f.mathItem, from: 2400, to: 2430, at: 0).map {
            var event = $0
            event.live = true
            return event
        }
        let result = try f.post(live)
        #expect(result.accepted == live.count && result.rejected.isEmpty, "\(result.rejected)")
        let stored = try f.library.store.readSync { db in
            try db.fetchAll("SELECT live FROM learning_event WHERE item_id = ?", [f.mathItem]).map { try $0.get("live", as: Int.self) }
        }
        #expect(stored.count == live.count && stored.allSatisfy { $0 == 1 })
        let playback = try f.library.store.readSync { db in
            try db.fetchOne("SELECT live, seconds_played FROM learning_playback WHERE item_id = ?", [f.mathItem])
        }
        #expect(try playback?.get("live", as: Int.self) == 1)
        #expect(try playback?.get("seconds_played", as: Double.self) == 30)
        #expect(try f.progress(f.mathItem) == nil, "watching live is not coverage of the recording")
        // The same position as a recording's is outside it.
        let recorded = PlaybackEvent(
            sessionID: UUID(), item: f.mathItem, kind: .started, position: 2400,
            deviceTime: PlaybackFixture.mondayPeriod1)
        #expect(try f.post([recorded]).rejected.first?.reason.contains("outside the item") == true)
    }

    @Test func refusesEventsThatCannotBeTrue() throws {
        let f = try PlaybackFixture()
        let session = UUID()
        let now = PlaybackFixture.mondayPeriod1
        let bad = [
            PlaybackEvent(sessionID: session, item: f.mathItem, kind: .progress, position: 700, deviceTime: now),
            PlaybackEvent(sessionID: session, item: 99, kind: .started, position: 0, deviceTime: now),
            PlaybackEvent(sessionID: session, item: 3, kind: .started, position: 0, deviceTime: now),
            PlaybackEvent(sessionID: session, item: f.mathItem, kind: .started, position: 0, deviceTime: now.addingTimeInterval(3600)),
            PlaybackEvent(sessionID: session, item: f.mathItem, kind: .started, position: -1, deviceTime: now),
            PlaybackEvent(sessionID: UUID(), item: f.mathItem, kind: .started, position: 0, deviceTime: now, classID: f.classID)
        ]
        let good = PlaybackEvent(sessionID: session, item: f.mathItem, kind: .started, position: 0, deviceTime: now)
        let result = try f.post(bad + [good], now: now)
        #expect(result.accepted == 1)
        #expect(result.rejected.map(\.eventID) == bad.map(\.eventID))
        #expect(result.rejected[1].reason.contains("no such item") && result.rejected[2].reason.contains("cannot be played yet"))
        #expect(result.rejected[3].reason.contains("future") && result.rejected[5].reason.contains("may not play for class"))
        // Someone else cannot add to this pupil's session.
        let other = try f.post(
            [
                PlaybackEvent(
                    sessionID: session, item: f.mathItem, kind: .progress, position: 5,
                    deviceTime: now.addingTimeInterval(5))
            ], as: f.teacher, now: now)
        #expect(other.rejected.first?.reason.contains("someone else") == true)
        // Stored events are append-only.
        #expect(throws: DatabaseError.self) {
            try f.library.store.writeSync { db in try db.execute("UPDATE learning_event SET position = 1") }
        }
        #expect(throws: DatabaseError.self) {
            try f.library.store.writeSync { db in try db.execute("DELETE FROM learning_event") }
        }
    }

    @Test func eventsDecodeFromThePlayersJSON() throws {
        let json = """
            {"events": [
              {"event_id": "6F1C2A9E-0B7E-4C3A-9F5D-2B8E1A0C9D11", "session_id": "0b7e4c3a-9f5d-4b8e-8a0c-9d116f1c2a9e",
               "item": 812, "kind": "seeked", "position": 125.4, "from": 20, "device_time": "2026-06-15T01:42:05.120Z",
               "rendition": "360p", "stalls": 1},
              {"event_id": "7F1C2A9E-0B7E-4C3A-9F5D-2B8E1A0C9D11", "session_id": "0b7e4c3a-9f5d-4b8e-8a0c-9d116f1c2a9e",
               "item": 812, "kind": "progress", "position": 130, "device_time": 1781487730120, "class_id": 4, "live": true}
            ]}
            """
        let batch = try JSONDecoder().decode(EventBatch.self, from: Data(json.utf8))
        #expect(batch.events.count == 2 && batch.events[0].kind == .seeked && batch.events[0].from == 20)
        #expect(batch.events[0].deviceTime == ISO8601Timestamp.parse("2026-06-15T01:42:05.120Z"))
        #expect(batch.events[1].deviceTime.timeIntervalSince1970 == 1_781_487_730.12)
        #expect(batch.events[1].classID == 4 && batch.events[1].live == true)
        let again = try JSONDecoder().decode(EventBatch.self, from: JSONEncoder().encode(batch))
        #expect(again == batch)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(EventBatch.self, from: Data(#"{"events":[{"event_id":"x"}]}"#.utf8))
        }
    }
}

/// Every field of an event is range-checked while decoding, so no value reaches arithmetic that traps.
@Suite struct PlaybackEventDecodingTests {
    static func decode(_ fields: String) throws -> PlaybackEvent {
        let json =
            #"{"event_id":"6F1C0000-0000-4000-8000-000000000001","session_id":"0B7E0000-0000-4000-8000-000000000001","#
            + fields + "}"
        return try JSONDecoder().decode(PlaybackEvent.self, from: Data(json.utf8))
    }

    @Test(arguments: [
        #""item":1,"kind":"progress","position":1,"device_time":1e22"#,
        #""item":1,"kind":"progress","position":1,"device_time":-1e22"#,
        #""item":1,"kind":"progress","position":1,"device_time":"1999-12-31T23:59:59Z""#,
        #""item":1,"kind":"progress","position":1,"device_time":"2100-01-01T00:00:00Z""#,
        #""item":1,"kind":"progress","position":1e300,"device_time":"2026-06-15T01:00:00Z""#,
        #""item":1,"kind":"progress","position":-1,"device_time":"2026-06-15T01:00:00Z""#,
        #""item":1,"kind":"seeked","position":1,"from":1e30,"device_time":"2026-06-15T01:00:00Z""#,
        #""item":0,"kind":"progress","position":1,"device_time":"2026-06-15T01:00:00Z""#,
        #""item":1,"kind":"progress","position":1,"device_time":"2026-06-15T01:00:00Z","stalls":-3"#,
        #""item":1,"kind":"progress","position":1,"device_time":"2026-06-15T01:00:00Z","stalls":1e12"#,
        #""item":1,"kind":"progress","position":1,"device_time":"2026-06-15T01:00:00Z","class_id":-4"#
    ])
    func outOfRangeFieldsAreRefusedWhileDecoding(fields: String) {
        #expect(throws: DecodingError.self) { try Self.decode(fields) }
    }

    @Test func aLongRenditionNameIsRefused() {
        let long = String(repeating: "x", count: 33)
        #expect(throws: DecodingError.self) {
            try Self.decode(#""item":1,"kind":"progress","position":1,"device_time":"2026-06-15T01:00:00Z","rendition":"\#(long)""#)
        }
        #expect(throws: Never.self) {
            try Self.decode(#""item":1,"kind":"progress","position":1,"device_time":"2026-06-15T01:00:00Z","rendition":"360p""#)
        }
    }

    @Test func anEventInRangeDecodesInEitherTimeForm() throws {
        let iso = try Self.decode(#""item":7,"kind":"ended","position":600,"device_time":"2026-06-15T01:00:00.250Z""#)
        let millis = try Self.decode(#""item":7,"kind":"ended","position":600,"device_time":1781485200250"#)
        #expect(iso.deviceTime == millis.deviceTime)
        #expect(iso.kind == .ended && iso.position == 600)
    }

    @Test func storedKindCodesNeverMove() {
        #expect([PlaybackEvent.Kind.started, .progress, .paused, .seeked, .ended].map(\.code) == [0, 1, 2, 3, 4])
        #expect(PlaybackEvent.Kind(code: 5) == nil && PlaybackEvent.Kind(code: -1) == nil)
    }
}
