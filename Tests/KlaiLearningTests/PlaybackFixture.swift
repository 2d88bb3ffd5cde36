import Foundation
import KlaiStore

@testable import KlaiLearning

/// A school with ป.4/1, a pupil, a teacher, two 600-second lessons and a Monday timetable, on a real database.
struct PlaybackFixture: Sendable {
    let library: TemporaryLibrary
    let ingest: PlaybackIngest
    let school: Int64
    let classID: Int64
    let student: Principal
    let teacher: Principal
    /// A DLTV ป.4 mathematics recording (channel DLTV4, period 1) and a DLIT lesson, both 600 s.
    let mathItem: Int64 = 1
    let dlitItem: Int64 = 2
    /// Monday 15 June 2026, 08:30 Thai time: period 1 (ค) on DLTV4.
    static let mondayPeriod1 = ISO8601Timestamp.parse("2026-06-15T01:30:00.000Z")!

    init(policy: ProgressPolicy = ProgressPolicy()) throws {
        library = try TemporaryLibrary()
        ingest = PlaybackIngest(store: library.store, policy: policy)
        let ids = try library.store.writeSync { db -> (Int64, Int64, Int64, Int64) in
            try db.executeScript(
                """
                INSERT INTO grade (code, name_th, name_en, level, ordinal) VALUES ('P4', 'ป.4', 'Primary 4', 'primary', 7);
                INSERT INTO learning_area (code, name_th, name_en, ordinal) VALUES ('ค', 'คณิตศาสตร์', 'Mathematics', 2);
                INSERT INTO learning_area (code, name_th, name_en, ordinal) VALUES ('ท', 'ภาษาไทย', 'Thai', 1);
                INSERT INTO channel (code, number, name) VALUES ('DLTV4', 4, 'DLTV 4');
                INSERT INTO channel_grade (channel, grade, valid_from) VALUES ('DLTV4', 'P4', '2024-05-16');
                INSERT INTO term (id, academic_year, term, starts_on, ends_on) VALUES (1, 2026, 1, '2026-05-16', '2026-10-11');
                INSERT INTO timetable_slot (id, channel, term_id, weekday, period, starts_at, ends_at, subject, learning_area)
                VALUES (1, 'DLTV4', 1, 1, 1, '08:30', '09:20', 'คณิตศาสตร์', 'ค'), (2, 'DLTV4', 1, 1, 2, '09:30', '10:20', 'ภาษาไทย', 'ท');
                INSERT INTO catalog_item (id, kind, stable_key, title, grade, learning_area, channel, air_date, period,
                    duration_seconds, created_at, updated_at)
                VALUES (1, 'dltv_recording', 'dltv:DLTV4:2026-06-15:1', 'เศษส่วน', 'P4', 'ค', 'DLTV4', '2026-06-15', 1, 600, 'x', 'x');
                INSERT INTO catalog_item (id, kind, stable_key, title, grade, learning_area, duration_seconds, created_at, updated_at)
                VALUES (2, 'dlit_lesson', 'dlit:th-p4-07', 'คำควบกล้ำ', 'P4', 'ท', 600, 'x', 'x');
                INSERT INTO catalog_item (id, kind, stable_key, title, created_at, updated_at)
                VALUES (3, 'dlit_lesson', 'dlit:not-transcoded', 'ยังไม่พร้อม', 'x', 'x');
                """)
            let school = try Directory.addSchool(db, code: "1012345678", name: "บ้านหนองบัว")
            let classID = try Directory.classID(db, schoolID: school, year: 2569, grade: Grade(parsing: "ป.4")!, room: 1)
            let student = try Directory.addUser(
                db, username: "pupil", displayName: "ด.ช. ก", password: nil,
                grants: [RoleGrant(.student, schoolID: school)])
            try db.execute(
                """
                INSERT INTO learning_student (user_id, school_id, student_number, national_id, first_name, last_name)
                VALUES (?, ?, '1', 'G000000000001', 'ก', 'ข')
                """, [student, school])
            try db.execute(
                "INSERT INTO learning_class_member (student_id, class_id, academic_year, joined_at) VALUES (?, ?, 2569, ?)",
                [student, classID, Date()])
            let teacher = try Directory.addUser(
                db, username: "teacher", displayName: "ครู", password: nil,
                grants: [RoleGrant(.teacher, schoolID: school)])
            try Directory.assignTeacher(db, userID: teacher, classID: classID)
            return (school, classID, student, teacher)
        }
        (school, classID) = (ids.0, ids.1)
        student = try library.store.readSync { db in try Principal.load(db, userID: ids.2)! }
        teacher = try library.store.readSync { db in try Principal.load(db, userID: ids.3)! }
    }

    /// Events of one session: `(kind, position, seconds after start)`, with `from` for seeks as `(.seeked, to, t, from)`.
    static func events(
        session: UUID = UUID(), item: Int64, start: Date = mondayPeriod1, classID: Int64? = nil,
        _ steps: [(PlaybackEvent.Kind, Double, Double, Double?)]
    ) -> [PlaybackEvent] {
        steps.map { kind, position, offset, from in
            PlaybackEvent(
                sessionID: session, item: item, kind: kind, position: position, from: from,
                deviceTime: start.addingTimeInterval(offset), rendition: "360p", stalls: 0, classID: classID)
        }
    }

    /// Playing straight from `from` to `to` seconds with progress every 10 s, starting at wall time `at`.
    static func play(session: UUID, item: Int64, from: Double, to: Double, at: Double, classID: Int64? = nil) -> [PlaybackEvent] {
        var steps: [(PlaybackEvent.Kind, Double, Double, Double?)] = [(.started, from, at, nil)]
        var position = from
        while position < to {
            position = min(position + 10, to)
            steps.append((.progress, position, at + position - from, nil))
        }
        steps.append((.paused, to, at + to - from, nil))
        return events(session: session, item: item, classID: classID, steps)
    }

    /// Posts `events` as one batch received at `now`; without `now`, as a live player sends them: a batch
    /// per 10 s of device time, each received 1 s after its last event (results added up).
    func post(_ events: [PlaybackEvent], as principal: Principal? = nil, now: Date? = nil) throws -> EventBatchResult {
        if let now { return try ingest.ingestSync(EventBatch(events: events), from: principal ?? student, now: now) }
        var total = EventBatchResult()
        for batch in Self.liveBatches(events) {
            let arrival = (batch.map(\.deviceTime).max() ?? Self.mondayPeriod1).addingTimeInterval(1)
            let result = try ingest.ingestSync(EventBatch(events: batch), from: principal ?? student, now: arrival)
            total.accepted += result.accepted
            total.duplicates += result.duplicates
            total.rejected += result.rejected
        }
        return total
    }

    /// Consecutive events split where 10 s of device time have passed since the batch's first event.
    static func liveBatches(_ events: [PlaybackEvent]) -> [[PlaybackEvent]] {
        var batches: [[PlaybackEvent]] = []
        for event in events {
            if let first = batches.last?.first, event.deviceTime.timeIntervalSince(first.deviceTime) < 10,
                event.deviceTime >= first.deviceTime
            {
                batches[batches.count - 1].append(event)
            } else {
                batches.append([event])
            }
        }
        return batches
    }

    func progress(_ item: Int64) throws -> Row? {
        try library.store.readSync { db in
            try db.fetchOne("SELECT * FROM learning_progress WHERE user_id = ? AND item_id = ?", [student.userID, item])
        }
    }

    func intervals(_ item: Int64) throws -> String? {
        try progress(item).map { try $0.get("intervals") }
    }
}
