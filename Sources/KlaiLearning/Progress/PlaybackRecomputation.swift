import Foundation
import KlaiStore

/// Rebuilds every summary from the stored events and lists where the stored summaries differ.
///
/// Used after crashes (every acknowledged event must be reflected exactly once) and by `klai events check`.
/// An empty answer means the summaries are exactly what the events say.
public enum PlaybackRecomputation {
    /// Differences between stored summaries and a recomputation from `learning_event`.
    public static func differences(_ db: Database, policy: ProgressPolicy = ProgressPolicy()) throws -> [String] {
        var timelines: [PlaybackKey: (user: Int64, classID: Int64?, timeline: PlaybackTimeline)] = [:]
        // Row id order is arrival order (each batch stored sorted by device time), the order ingest folds in.
        try db.forEachRow(
            """
            SELECT session_id, item_id, user_id, class_id, kind, position, from_position, device_time, received_at
            FROM learning_event ORDER BY session_id, item_id, id
            """
        ) { s in
            guard let bytes = Data.fromDatabaseValue(s.value(at: 0)), bytes.count == 16 else { return }
            let session = UUID(uuid: bytes.withUnsafeBytes { $0.loadUnaligned(as: uuid_t.self) })
            let key = PlaybackKey(session: session, item: s.int64(at: 1))
            var entry = timelines[key] ?? (s.int64(at: 2), s.isNull(at: 3) ? nil : s.int64(at: 3), PlaybackTimeline())
            entry.timeline.apply(
                .init(
                    kind: PlaybackEvent.Kind(code: Int(clamping: s.int64(at: 4))) ?? .progress,
                    position: s.double(at: 5), from: s.isNull(at: 6) ? nil : s.double(at: 6),
                    time: s.double(at: 7), received: s.double(at: 8)))
            timelines[key] = entry
        }
        var problems: [String] = []
        let storedPlaybacks = try db.scalar("SELECT count(*) FROM learning_playback", as: Int.self) ?? 0
        if storedPlaybacks != timelines.count {
            problems.append("\(storedPlaybacks) playback summaries stored, \(timelines.count) recomputed")
        }
        var people: [PersonItem: (played: IntervalSet, spent: Double, first: Double, last: Double)] = [:]
        for (key, entry) in timelines {
            let t = entry.timeline
            guard
                let row = try db.fetchOne(
                    """
                    SELECT intervals, seconds_played, first_time, last_time, last_position, event_count
                    FROM learning_playback WHERE session_id = ? AND item_id = ?
                    """, [key.session.blob, key.item])
            else {
                problems.append("no playback summary for session \(key.session) item \(key.item)")
                continue
            }
            if try row.get("intervals", as: String.self) != t.played.description
                || !close(try row.get("seconds_played"), t.secondsPlayed)
                || (try row.get("event_count", as: Int.self)) != t.eventCount
                || (try row.get("last_time", as: Double.self)) != t.lastTime
                || (try row.get("last_position", as: Double.self)) != t.lastPosition
            {
                problems.append("playback summary of session \(key.session) item \(key.item) differs from its events")
            }
            if entry.classID == nil {
                let person = PersonItem(user: entry.user, item: key.item)
                var p = people[person] ?? (IntervalSet(), 0, .infinity, -.infinity)
                p.played.formUnion(t.played)
                p.spent += t.secondsPlayed
                p.first = min(p.first, t.firstTime ?? .infinity)
                p.last = max(p.last, t.lastTime)
                people[person] = p
            } else if let usage = try db.fetchOne(
                """
                SELECT started_at, ended_at, seconds_played FROM learning_usage_session WHERE session_id = ? AND item_id = ?
                """, [key.session.blob, key.item])
            {
                if try usage.get("started_at", as: Double.self) != t.firstTime || (try usage.get("ended_at", as: Double.self)) != t.lastTime
                    || !close(try usage.get("seconds_played"), t.secondsPlayed)
                {
                    problems.append("usage session of session \(key.session) item \(key.item) differs from its events")
                }
            } else {
                problems.append("no usage session for class-mode session \(key.session) item \(key.item)")
            }
        }
        let storedProgress = try db.scalar("SELECT count(*) FROM learning_progress", as: Int.self) ?? 0
        if storedProgress != people.count { problems.append("\(storedProgress) progress rows stored, \(people.count) recomputed") }
        for (person, p) in people {
            guard let row = try db.fetchOne("SELECT * FROM learning_progress WHERE user_id = ? AND item_id = ?", [person.user, person.item]) else {
                problems.append("no progress for user \(person.user) item \(person.item)")
                continue
            }
            let duration: Double = try row.get("duration_seconds")
            let coverage = ProgressPolicy.coverage(covered: p.played.length, duration: duration)
            let completed = !row["completed_at"].isNull
            if try row.get("intervals", as: String.self) != p.played.description || !close(try row.get("coverage"), coverage)
                || !close(try row.get("time_spent"), p.spent) || (try row.get("first_activity", as: Double.self)) != p.first
                || (try row.get("last_activity", as: Double.self)) != p.last
                || completed != policy.completes(coverage: coverage)
            {
                problems.append("progress of user \(person.user) on item \(person.item) differs from the events")
            }
        }
        return problems
    }

    private static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-6 * max(1, abs(a), abs(b)) }
}
