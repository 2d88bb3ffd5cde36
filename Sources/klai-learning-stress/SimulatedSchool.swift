import Foundation
import KlaiCatalog
import KlaiLearning
import KlaiStore

/// A school written straight into a library for load tests: classes of pupils, a teacher per class,
/// and catalog lessons of 30 minutes. Idempotent: a second call finds what the first wrote.
struct SimulatedSchool {
    static let lessonSeconds = 1800.0
    static let lessonCount = 40
    let schoolID: Int64
    let students: [Principal]
    let teachers: [(principal: Principal, classID: Int64)]

    static var migrator: Migrator {
        var migrator = CatalogSchema.migrator
        LearningSchema.register(in: &migrator)
        return migrator
    }

    static func setUp(_ store: Store, code: String = "1099000001", classes: Int, pupilsPerClass: Int) throws -> SimulatedSchool {
        let schoolID = try store.writeSync { db -> Int64 in
            if let id = try Directory.schoolID(db, code: code) { return id }
            let school = try Directory.addSchool(db, code: code, name: "โรงเรียนทดสอบ \(code)")
            for item in 1...lessonCount {
                try db.execute(
                    """
                    INSERT OR IGNORE INTO catalog_item (id, kind, stable_key, title, duration_seconds, created_at, updated_at)
                    VALUES (?, 'dlit_lesson', ?, ?, ?, 'x', 'x')
                    """, [item, "bench:\(item)", "บทเรียน \(item)", lessonSeconds])
            }
            for room in 0..<classes {
                let grade = Grade(level: .primary, year: room % 6 + 1)!
                let classID = try Directory.classID(db, schoolID: school, year: 2569, grade: grade, room: room / 6 + 1)
                let teacher = try Directory.addUser(
                    db, username: "t\(code)-\(room)", displayName: "ครู \(room)", password: nil,
                    grants: [RoleGrant(.teacher, schoolID: school)])
                try Directory.assignTeacher(db, userID: teacher, classID: classID)
                for pupil in 0..<pupilsPerClass {
                    try db.execute(
                        "INSERT INTO learning_user (username, display_name, created_at) VALUES (?, ?, ?)",
                        ["s\(code)-\(room)-\(pupil)", "นักเรียน \(pupil)", Date()])
                    let user = db.lastInsertRowID
                    try db.execute("INSERT INTO learning_role (user_id, role, school_id) VALUES (?, 'student', ?)", [user, school])
                    try db.execute(
                        """
                        INSERT INTO learning_student (user_id, school_id, student_number, national_id, first_name, last_name)
                        VALUES (?, ?, ?, ?, 'นักเรียน', ?)
                        """, [user, school, "\(room)-\(pupil)", String(format: "G%012d", user), "\(pupil)"])
                    try db.execute(
                        "INSERT INTO learning_class_member (student_id, class_id, academic_year, joined_at) VALUES (?, ?, 2569, ?)",
                        [user, classID, Date()])
                }
            }
            return school
        }
        return try store.readSync { db in
            let students = try db.fetchAll("SELECT user_id FROM learning_student WHERE school_id = ? ORDER BY user_id", [schoolID])
                .compactMap { try Principal.load(db, userID: try $0.get(0)) }
            let teachers = try db.fetchAll(
                """
                SELECT tc.user_id, tc.class_id FROM learning_teacher_class tc JOIN learning_class c ON c.id = tc.class_id
                WHERE c.school_id = ? ORDER BY tc.class_id
                """, [schoolID]
            ).compactMap { row -> (Principal, Int64)? in
                guard let principal = try Principal.load(db, userID: try row.get(0)) else { return nil }
                return (principal, try row.get(1))
            }
            return SimulatedSchool(schoolID: schoolID, students: students, teachers: teachers)
        }
    }
}

/// One pupil's player: watches lessons in order, reports progress every second of media in batches,
/// sometimes seeks ahead or back. Device time follows the simulated clock.
struct SimulatedPlayer {
    var session = UUID()
    var item: Int64
    var position = 0.0
    var clock: Double
    var random: UInt64

    init(seed: UInt64, startClock: Double) {
        random = seed | 1
        item = Int64(seed % UInt64(SimulatedSchool.lessonCount)) + 1
        clock = startClock
    }

    mutating func next(_ bound: Int) -> Int {
        // xorshift64*: deterministic per player, good enough for choosing what to play.
        random ^= random >> 12; random ^= random << 25; random ^= random >> 27
        return Int((random &* 2_685_821_657_736_338_717) >> 33) % bound
    }

    /// The next batch: `count` events covering about `count` seconds of wall time.
    mutating func batch(count: Int, classID: Int64? = nil) -> [PlaybackEvent] {
        var events: [PlaybackEvent] = []
        func event(_ kind: PlaybackEvent.Kind, from: Double? = nil) {
            events.append(
                PlaybackEvent(
                    sessionID: session, item: item, kind: kind, position: position, from: from,
                    deviceTime: Date(timeIntervalSince1970: clock), rendition: "360p", stalls: 0, classID: classID))
        }
        if position == 0 { event(.started) }
        while events.count < count {
            clock += 1
            let roll = next(100)
            if roll == 0 && position + 120 < SimulatedSchool.lessonSeconds {
                let from = position
                position += 120
                event(.seeked, from: from)
            } else if roll == 1 && position > 60 {
                let from = position
                position -= 60
                event(.seeked, from: from)
            } else {
                position = min(position + 1, SimulatedSchool.lessonSeconds)
                event(position >= SimulatedSchool.lessonSeconds ? .ended : .progress)
            }
            if position >= SimulatedSchool.lessonSeconds {
                session = UUID()
                item = item % Int64(SimulatedSchool.lessonCount) + 1
                position = 0
                break
            }
        }
        return events
    }
}
