import Foundation
import KlaiLearning
import KlaiStore

/// Fills a term's worth of stored events (bulk SQL: far faster than ingesting them one by one) and the
/// summaries they imply, then times the supervisor's term summary for the school.
enum TermSummaryBench {
    static let eventsPerSession = 180

    static func run(store: Store, school: SimulatedSchool, storedEvents: Int) throws {
        let termStart = Date().timeIntervalSince1970 - 120 * 86_400
        let have = try store.readSync { db in try db.scalar("SELECT count(*) FROM learning_event", as: Int.self) ?? 0 }
        let wanted = max(0, storedEvents - have)
        let started = Date()
        try store.withWriterOutsideTransaction { db in
            try db.executeScript("PRAGMA cache_size = -1000000")  // 1 GB while bulk-loading random event ids
            try db.execute("CREATE TEMP TABLE IF NOT EXISTS bench_pupil (k INTEGER PRIMARY KEY, user_id INTEGER NOT NULL)")
            try db.execute("DELETE FROM bench_pupil")
            for (k, pupil) in school.students.enumerated() {
                try db.execute("INSERT INTO bench_pupil (k, user_id) VALUES (?, ?)", [k, pupil.userID])
            }
            let base = try db.scalar("SELECT coalesce(max(id), 0) FROM learning_event", as: Int64.self) ?? 0
            let chunk = 1_000_000
            var done = 0
            while done < wanted {
                let count = min(chunk, wanted - done)
                try db.transaction {
                    try db.execute(
                        """
                        WITH RECURSIVE n(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1 + ?2 - 1)
                        INSERT INTO learning_event (event_id, session_id, user_id, item_id, class_id, kind, position, from_position,
                            device_time, received_at, rendition, stalls, live)
                        SELECT randomblob(16), CAST(printf('bench%011d', i / ?3) AS BLOB),
                            (SELECT user_id FROM bench_pupil WHERE k = (i / ?3) % ?4),
                            (i / ?3 / ?4) % ?5 + 1, NULL, CASE WHEN i % ?3 = 0 THEN 0 ELSE 1 END, (i % ?3) * 10.0, NULL,
                            ?6 + (i / ?3) * 130.0 + (i % ?3) * 10.0, ?6 + (i / ?3) * 130.0 + (i % ?3) * 10.0 + 1, '360p', 0, 0
                        FROM n
                        """, [done, count, eventsPerSession, school.students.count, SimulatedSchool.lessonCount, termStart])
                }
                done += count
                print("  stored \(have + done) events (\(Int(Date().timeIntervalSince(started))) s)")
                fflush(nil)
            }
            try db.transaction {
                // The summaries those events imply, so the summary reads tables of a term's real size.
                try db.execute(
                    """
                    INSERT INTO learning_playback (session_id, item_id, user_id, class_id, first_time, last_time, last_position,
                        playing, live, intervals, seconds_played, event_count)
                    SELECT session_id, item_id, user_id, NULL, min(device_time), max(device_time), max(position), 0, 0,
                        '0.0-' || max(position), max(position), count(*)
                    FROM learning_event WHERE id > ? GROUP BY session_id, item_id
                    """, [base])
                try db.execute(
                    """
                    INSERT INTO learning_progress (user_id, item_id, intervals, covered_seconds, duration_seconds, coverage, time_spent,
                        last_position, completed_at, first_activity, last_activity)
                    SELECT user_id, item_id, '0.0-' || max(last_position), max(last_position), ?1, max(last_position) / ?1,
                        total(seconds_played), max(last_position), CASE WHEN max(last_position) >= 0.9 * ?1 THEN max(last_time) END,
                        min(first_time), max(last_time)
                    FROM learning_playback WHERE session_id >= CAST('bench' AS BLOB) GROUP BY user_id, item_id
                    ON CONFLICT (user_id, item_id) DO NOTHING
                    """, [SimulatedSchool.lessonSeconds])
                // Class screenings: each class, five a school day, for the term.
                for (index, teacher) in school.teachers.enumerated() {
                    try db.execute(
                        """
                        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 499)
                        INSERT INTO learning_usage_session (session_id, item_id, teacher_id, class_id, school_id, source, started_at,
                            ended_at, seconds_played, matched_timetable, attendance)
                        SELECT randomblob(16), i % ?5 + 1, ?1, ?2, ?3, CASE i % 3 WHEN 0 THEN 'dltv_live' WHEN 1 THEN 'dltv_recorded' ELSE 'dlit' END,
                            ?4 + (i / 5) * 86400.0 + (i % 5) * 3600.0, ?4 + (i / 5) * 86400.0 + (i % 5) * 3600.0 + 3000, 2900,
                            i % 4 <> 0, 25
                        FROM n
                        """, [teacher.principal.userID, teacher.classID, school.schoolID, termStart + Double(index), SimulatedSchool.lessonCount])
                }
            }
            try db.executeScript("ANALYZE")
        }
        let counts = try store.readSync { db in
            try ["learning_event", "learning_playback", "learning_progress", "learning_usage_session"].map {
                "\($0) \(try db.scalar("SELECT count(*) FROM \($0)", as: Int.self) ?? 0)"
            }
        }
        print("term data ready in \(Int(Date().timeIntervalSince(started))) s: " + counts.joined(separator: ", "))
        let supervisor = Principal(userID: 0, grants: [RoleGrant(.supervisor, schoolID: school.schoolID)])
        var timings: [Double] = []
        var summary: SchoolTermSummary?
        for _ in 0..<7 {
            let begin = DispatchTime.now().uptimeNanoseconds
            summary = try store.readSync { db in
                try SchoolTermSummary.compute(
                    db, schoolID: school.schoolID, from: Date(timeIntervalSince1970: termStart),
                    to: Date(), viewer: supervisor)
            }
            timings.append(Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e6)
        }
        let sorted = timings.sorted()
        print(
            String(
                format: "term summary for one school over %d stored events: first %.1f ms, median %.1f ms, max %.1f ms",
                counts.isEmpty ? 0 : storedEvents, timings[0], sorted[sorted.count / 2], sorted.last!))
        if let summary {
            print(
                "  \(summary.screenings) screenings, \(String(format: "%.0f", summary.hoursScreened)) h, "
                    + "\(String(format: "%.0f%%", summary.matchedTimetableShare * 100)) on timetable, \(summary.pupilsActive) pupils active, "
                    + "\(summary.itemsCompleted) lessons completed")
        }
    }
}
