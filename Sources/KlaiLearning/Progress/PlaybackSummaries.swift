import Foundation
import KlaiCatalog
import KlaiStore

/// Keeps the summary tables equal to what the stored events say, updated in the ingest transaction.
enum PlaybackSummaries {
    /// Folds new events into their session's timeline and stores it.
    ///
    /// The stored summary is continued, whatever the events' device times (see `PlaybackTimeline` for how
    /// late events are folded): the cost is the batch's, never the session's history.
    /// - Returns: the timeline before and after the new events (the difference updates progress).
    static func updatePlayback(
        _ db: Database, key: PlaybackKey, userID: Int64, classID: Int64?, newEvents: [PlaybackEvent],
        received: Date
    ) throws -> (before: PlaybackTimeline, after: PlaybackTimeline) {
        let row = try db.fetchOne(
            """
            SELECT first_time, last_time, last_position, playing, intervals, seconds_played, event_count, live,
                first_received, late_time, late_position, late_playing
            FROM learning_playback WHERE session_id = ? AND item_id = ?
            """, [key.session.blob, key.item])
        let before = try row.map(storedTimeline) ?? PlaybackTimeline()
        let wasLive = try row.map { try $0.get("live", as: Bool.self) } ?? false
        let live = wasLive || newEvents.contains { $0.live == true }
        var timeline = before
        for event in newEvents { timeline.apply(event.point(received: received.timeIntervalSince1970)) }
        try db.execute(
            """
            INSERT INTO learning_playback (session_id, item_id, user_id, class_id, first_time, last_time, last_position, playing,
                live, intervals, seconds_played, event_count, first_received, late_time, late_position, late_playing)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (session_id, item_id) DO UPDATE SET first_time = excluded.first_time, last_time = excluded.last_time,
                last_position = excluded.last_position, playing = excluded.playing, live = excluded.live,
                intervals = excluded.intervals, seconds_played = excluded.seconds_played, event_count = excluded.event_count,
                first_received = excluded.first_received, late_time = excluded.late_time,
                late_position = excluded.late_position, late_playing = excluded.late_playing
            """,
            [
                key.session.blob, key.item, userID, classID, timeline.firstTime ?? 0, timeline.lastTime, timeline.lastPosition,
                timeline.isPlaying, live, timeline.played.description, timeline.secondsPlayed, timeline.eventCount,
                timeline.firstReceived, timeline.lateCursor?.time, timeline.lateCursor?.position,
                timeline.lateCursor?.isPlaying ?? false
            ])
        return (before, timeline)
    }

    /// A timeline restored from its stored summary row.
    private static func storedTimeline(_ row: Row) throws -> PlaybackTimeline {
        let lateTime: Double? = try row.get("late_time")
        let latePosition: Double? = try row.get("late_position")
        let cursor =
            try lateTime.flatMap { time in
                try latePosition.map { .init(time: time, position: $0, isPlaying: try row.get("late_playing")) }
            } as PlaybackTimeline.Cursor?
        let lastTime: Double = try row.get("last_time")
        return PlaybackTimeline(
            played: IntervalSet(stored: try row.get("intervals")) ?? IntervalSet(), secondsPlayed: try row.get("seconds_played"),
            firstTime: try row.get("first_time"), lastTime: lastTime, lastPosition: try row.get("last_position"),
            isPlaying: try row.get("playing"), eventCount: try row.get("event_count"),
            firstReceived: try row.get("first_received") ?? lastTime, lateCursor: cursor)
    }

    /// Adds what a (non-class) session gained between `before` and `after` to the person's progress on the item.
    ///
    /// Progress is the union of the person's sessions, and a session only ever gains, so the union with the
    /// session's intervals and the added seconds give the same answer as a rescan of every session.
    static func updateProgress(
        _ db: Database, _ person: PersonItem, before: PlaybackTimeline, after: PlaybackTimeline,
        duration: Double, policy: ProgressPolicy
    ) throws {
        guard let sessionFirst = after.firstTime else { return }
        let row = try db.fetchOne(
            """
            SELECT intervals, time_spent, first_activity, last_activity, last_position FROM learning_progress
            WHERE user_id = ? AND item_id = ?
            """, [person.user, person.item])
        var played = try row.flatMap { IntervalSet(stored: try $0.get("intervals")) } ?? IntervalSet()
        played.formUnion(after.played)
        let timeSpent = (try row?.get("time_spent", as: Double.self) ?? 0) + (after.secondsPlayed - before.secondsPlayed)
        let first = min(try row?.get("first_activity", as: Double.self) ?? .infinity, sessionFirst)
        var last = try row?.get("last_activity", as: Double.self) ?? -.infinity
        var lastPosition = try row?.get("last_position", as: Double.self) ?? 0
        if after.lastTime >= last {
            last = after.lastTime
            lastPosition = after.lastPosition
        }
        let covered = min(played.length, duration)
        let coverage = ProgressPolicy.coverage(covered: covered, duration: duration)
        let completedNow = policy.completes(coverage: coverage)
        // completed_at keeps the first time the threshold was reached (coverage never shrinks).
        try db.execute(
            """
            INSERT INTO learning_progress (user_id, item_id, intervals, covered_seconds, duration_seconds, coverage, time_spent,
                last_position, completed_at, first_activity, last_activity)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, CASE WHEN ?9 THEN ?11 END, ?10, ?11)
            ON CONFLICT (user_id, item_id) DO UPDATE SET intervals = excluded.intervals, covered_seconds = excluded.covered_seconds,
                duration_seconds = excluded.duration_seconds, coverage = excluded.coverage, time_spent = excluded.time_spent,
                last_position = excluded.last_position, first_activity = excluded.first_activity,
                last_activity = excluded.last_activity, completed_at = coalesce(completed_at, excluded.completed_at)
            """,
            [
                person.user, person.item, played.description, covered, duration, coverage, timeSpent, lastPosition,
                completedNow, first, last
            ])
    }

    /// Creates or extends the usage session of a class screening, matching it to the class's timetable.
    static func updateUsage(
        _ db: Database, key: PlaybackKey, teacherID: Int64, classID: Int64, timeline: PlaybackTimeline,
        live: Bool, policy: ProgressPolicy
    ) throws {
        guard let started = timeline.firstTime, let item = try Catalog.playable(id: key.item, in: db),
            let classroom = try db.fetchOne("SELECT school_id, grade FROM learning_class WHERE id = ?", [classID])
        else { return }
        let source: UsageSession.Source =
            switch item.kind {
            case .dltvRecording: live ? .dltvLive : .dltvRecorded
            case .dlitLesson: .dlit
            case .localLesson, .attachment: .local
            }
        // Matched by the server's clock when the screening's first event arrived, not by the device's:
        // a back-dated timeline must not land in a timetable period it was never played in.
        let startDate = Date(timeIntervalSince1970: timeline.firstReceived ?? started)
        let slot = try Timetable.slot(
            grade: try classroom.get("grade"), date: LocalDate(startDate), time: TimeOfDay(startDate),
            tolerance: policy.timetableTolerance, in: db)
        var matched = false
        if let slot {
            matched =
                (item.learningArea != nil && item.learningArea == slot.learningArea)
                || (item.channel == slot.channel && item.period == slot.period)
        }
        try db.execute(
            """
            INSERT INTO learning_usage_session (session_id, item_id, teacher_id, class_id, school_id, source, started_at, ended_at,
                seconds_played, timetable_slot_id, matched_timetable)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (session_id, item_id) DO UPDATE SET source = excluded.source, started_at = excluded.started_at,
                ended_at = excluded.ended_at, seconds_played = excluded.seconds_played,
                timetable_slot_id = excluded.timetable_slot_id, matched_timetable = excluded.matched_timetable
            """,
            [
                key.session.blob, key.item, teacherID, classID, try classroom.get("school_id", as: Int64.self), source.rawValue,
                started,
                timeline.lastTime, timeline.secondsPlayed, slot?.id, matched
            ])
    }
}
