import Foundation
import KlaiCatalog
import KlaiStore

/// Keeps the summary tables equal to what the stored events say, updated in the ingest transaction.
enum PlaybackSummaries {
    /// Folds new events into their session's timeline and stores it.
    ///
    /// In-order events continue the stored timeline; an event older than the last one seen (a late
    /// batch, a retry that overtook another) rebuilds the timeline from all of the session's stored
    /// events, so arrival order never changes the result.
    static func updatePlayback(_ db: Database, key: PlaybackKey, userID: Int64, classID: Int64?,
                               newEvents: [PlaybackEvent]) throws -> PlaybackTimeline {
        let row = try db.fetchOne("""
            SELECT first_time, last_time, last_position, playing, intervals, seconds_played, event_count, live
            FROM learning_playback WHERE session_id = ? AND item_id = ?
            """, [key.session.blob, key.item])
        var timeline: PlaybackTimeline
        let wasLive = try row.map { try $0.get("live", as: Bool.self) } ?? false
        let live = wasLive || newEvents.contains { $0.live == true }
        if let row, let lastTime = try? row.get("last_time", as: Double.self),
            newEvents.allSatisfy({ $0.deviceTime.timeIntervalSince1970 >= lastTime }) {
            timeline = PlaybackTimeline(
                played: IntervalSet(stored: try row.get("intervals")) ?? IntervalSet(), secondsPlayed: try row.get("seconds_played"),
                firstTime: try row.get("first_time"), lastTime: lastTime, lastPosition: try row.get("last_position"),
                isPlaying: try row.get("playing"), eventCount: try row.get("event_count"))
            let sorted = newEvents.enumerated().sorted { ($0.element.deviceTime, $0.offset) < ($1.element.deviceTime, $1.offset) }
            for (_, event) in sorted { timeline.apply(event.point) }
        } else if row != nil {
            timeline = try storedTimeline(db, key: key)
        } else {
            timeline = PlaybackTimeline(points: newEvents.map(\.point))
        }
        try db.execute("""
            INSERT INTO learning_playback (session_id, item_id, user_id, class_id, first_time, last_time, last_position, playing,
                live, intervals, seconds_played, event_count)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (session_id, item_id) DO UPDATE SET first_time = excluded.first_time, last_time = excluded.last_time,
                last_position = excluded.last_position, playing = excluded.playing, live = excluded.live,
                intervals = excluded.intervals, seconds_played = excluded.seconds_played, event_count = excluded.event_count
            """, [key.session.blob, key.item, userID, classID, timeline.firstTime ?? 0, timeline.lastTime, timeline.lastPosition,
                  timeline.isPlaying, live, timeline.played.description, timeline.secondsPlayed, timeline.eventCount])
        return timeline
    }

    /// The timeline of a session rebuilt from its stored events.
    static func storedTimeline(_ db: Database, key: PlaybackKey) throws -> PlaybackTimeline {
        var timeline = PlaybackTimeline()
        try db.forEachRow("""
            SELECT kind, position, from_position, device_time FROM learning_event
            WHERE session_id = ? AND item_id = ? ORDER BY device_time, id
            """, [key.session.blob, key.item]) { statement in
            timeline.apply(.init(kind: PlaybackEvent.Kind(code: Int(statement.int64(at: 0))) ?? .progress,
                                 position: statement.double(at: 1),
                                 from: statement.isNull(at: 2) ? nil : statement.double(at: 2), time: statement.double(at: 3)))
        }
        return timeline
    }

    /// Recomputes a person's progress on an item from all their (non-class) sessions of it.
    static func updateProgress(_ db: Database, _ person: PersonItem, duration: Double, policy: ProgressPolicy) throws {
        var played = IntervalSet()
        var timeSpent = 0.0, first = Double.infinity, last = -Double.infinity, lastPosition = 0.0
        for row in try db.fetchAll("""
            SELECT intervals, seconds_played, first_time, last_time, last_position FROM learning_playback
            WHERE user_id = ? AND item_id = ? AND class_id IS NULL
            """, [person.user, person.item]) {
            played.formUnion(IntervalSet(stored: try row.get("intervals")) ?? IntervalSet())
            timeSpent += try row.get("seconds_played", as: Double.self)
            first = min(first, try row.get("first_time"))
            let lastTime: Double = try row.get("last_time")
            if lastTime >= last {
                last = lastTime
                lastPosition = try row.get("last_position")
            }
        }
        guard first.isFinite else { return }
        let covered = min(played.length, duration)
        let coverage = duration > 0 ? covered / duration : 0
        let completedNow = coverage + 1e-9 >= policy.completionThreshold
        // completed_at keeps the first time the threshold was reached (coverage never shrinks).
        try db.execute("""
            INSERT INTO learning_progress (user_id, item_id, intervals, covered_seconds, duration_seconds, coverage, time_spent,
                last_position, completed_at, first_activity, last_activity)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, CASE WHEN ?9 THEN ?11 END, ?10, ?11)
            ON CONFLICT (user_id, item_id) DO UPDATE SET intervals = excluded.intervals, covered_seconds = excluded.covered_seconds,
                duration_seconds = excluded.duration_seconds, coverage = excluded.coverage, time_spent = excluded.time_spent,
                last_position = excluded.last_position, first_activity = excluded.first_activity,
                last_activity = excluded.last_activity, completed_at = coalesce(completed_at, excluded.completed_at)
            """, [person.user, person.item, played.description, covered, duration, coverage, timeSpent, lastPosition,
                  completedNow, first, last])
    }

    /// Creates or extends the usage session of a class screening, matching it to the class's timetable.
    static func updateUsage(_ db: Database, key: PlaybackKey, teacherID: Int64, classID: Int64, timeline: PlaybackTimeline,
                            live: Bool, policy: ProgressPolicy) throws {
        guard let started = timeline.firstTime,
            let facts = try db.fetchOne("""
                SELECT c.school_id, c.grade, i.kind, i.learning_area, i.channel, i.period, i.air_date
                FROM learning_class c, catalog_item i WHERE c.id = ? AND i.id = ?
                """, [classID, key.item])
        else { return }
        let kind: String = try facts.get("kind")
        let source = switch kind {
        case "dltv_recording": live ? "dltv_live" : "dltv_recorded"
        case "dlit_lesson": "dlit"
        default: "local"
        }
        let startDate = Date(timeIntervalSince1970: started)
        let slot = try Timetable.slot(grade: try facts.get("grade"), date: LocalDate(startDate), time: TimeOfDay(startDate),
                                      tolerance: policy.timetableTolerance, in: db)
        var matched = false
        if let slot {
            let area: String? = try facts.get("learning_area")
            let channel: String? = try facts.get("channel")
            let period: Int? = try facts.get("period")
            matched = (area != nil && area == slot.learningArea) || (channel == slot.channel && period == slot.period)
        }
        try db.execute("""
            INSERT INTO learning_usage_session (session_id, item_id, teacher_id, class_id, school_id, source, started_at, ended_at,
                seconds_played, timetable_slot_id, matched_timetable)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (session_id, item_id) DO UPDATE SET source = excluded.source, started_at = excluded.started_at,
                ended_at = excluded.ended_at, seconds_played = excluded.seconds_played,
                timetable_slot_id = excluded.timetable_slot_id, matched_timetable = excluded.matched_timetable
            """, [key.session.blob, key.item, teacherID, classID, try facts.get("school_id", as: Int64.self), source, started,
                  timeline.lastTime, timeline.secondsPlayed, slot?.id, matched])
    }
}
