import Foundation
import KlaiCatalog
import KlaiLearning
import KlaiStore

extension DemoLibrary {
    /// ป.1/1's pupils, who sign in with pictures.
    static let youngPupils = [("ด.ญ.", "น้ำฝน", "ใจงาม", "ญ"), ("ด.ช.", "ภูผา", "กล้าหาญ", "ช"), ("ด.ญ.", "มะลิ", "หอมดี", "ญ")]
    /// Their picture password: sun, star, fish, ball.
    static let demoPictures = [0, 2, 6, 15]

    /// The classroom side of the demo: a course of the sample lessons assigned to ป.4/1 with due dates,
    /// some pupils' progress (one finished, one half-way, one stuck), and picture sign-in for ป.1/1.
    /// - Returns: the picture-sign-in account to print.
    func addClassroom(now: Date = Date()) throws -> Account? {
        let year = LocalDate(now).academicYear
        let (teacher, lessons, pupils, youngClass) = try store.writeSync { db -> (Principal?, [Int64], [Int64], Int64) in
            guard let school = try Directory.schoolID(db, code: Self.schoolCode),
                let grade4 = Grade(parsing: "ป.4"), let grade1 = Grade(parsing: "ป.1")
            else { return (nil, [], [], 0) }
            let classID = try Directory.classID(db, schoolID: school, year: year, grade: grade4, room: 1)
            let youngClass = try Directory.classID(db, schoolID: school, year: year, grade: grade1, room: 1)
            try Directory.setPictureSignIn(db, schoolID: school, allowed: true, actor: nil)
            guard let teacherID = try Directory.userID(db, username: "kru.somsri"),
                let teacher = try Principal.load(db, userID: teacherID)
            else { return (nil, [], [], youngClass) }
            // The clips are known to be clipSeconds long; until their transcode finishes the probe has not said so,
            // and events for an item of unknown length are refused.
            try db.execute(
                """
                UPDATE media_asset SET duration_seconds = ? WHERE duration_seconds IS NULL AND id IN
                    (SELECT asset_id FROM catalog_item WHERE asset_id IS NOT NULL)
                """, [clipSeconds])
            let lessons = try db.fetchAll(
                """
                SELECT id FROM catalog_item WHERE kind = 'dlit_lesson' AND grade = 'P4' AND asset_id IS NOT NULL ORDER BY lesson_number, id
                """
            ).map { try $0.get(0, as: Int64.self) }
            guard !lessons.isEmpty else { return (teacher, [], [], youngClass) }
            let course = try Courses.create(db, by: teacher, schoolID: school, title: "คณิตศาสตร์ ป.4 เทอม 2 (ตัวอย่าง)", classID: classID, now: now)
            let unit = try Courses.addUnit(db, by: teacher, courseID: course, title: "เศษส่วน")
            try Courses.enrollClass(db, by: teacher, courseID: course, classID: classID, now: now)
            for (index, item) in lessons.enumerated() {
                let courseItem = try Courses.addItem(db, by: teacher, unitID: unit, itemID: item)
                if index < 3 {
                    try Courses.assign(
                        db, by: teacher, courseItemID: courseItem, classID: classID,
                        dueAt: now.addingTimeInterval(Double(index + 1) * 7 * 86400), now: now)
                }
            }
            let pupils = try db.fetchAll(
                """
                SELECT m.student_id FROM learning_class_member m JOIN learning_student s ON s.user_id = m.student_id
                WHERE m.class_id = ? AND m.left_at IS NULL ORDER BY s.student_number
                """, [classID]
            ).map { try $0.get(0, as: Int64.self) }
            return (teacher, lessons, pupils, youngClass)
        }
        guard let teacher, lessons.count >= 2, pupils.count >= 3 else { return nil }
        // Progress as real players would post it: (pupil, lesson, seconds watched, days ago).
        let ingest = PlaybackIngest(store: store)
        for (pupil, lesson, seconds, daysAgo) in [
            (pupils[1], lessons[0], 24.0, 1.0), (pupils[2], lessons[0], 12.0, 0.2),
            (pupils[3], lessons[1], 6.0, 5.0)
        ] {
            guard let principal = try store.readSync({ db in try Principal.load(db, userID: pupil) }) else { continue }
            let start = now.addingTimeInterval(-daysAgo * 86400)
            let session = UUID()
            var events = [PlaybackEvent(sessionID: session, item: lesson, kind: .started, position: 0, deviceTime: start)]
            var position = 0.0
            while position < seconds {
                position = min(seconds, position + 5)
                events.append(
                    PlaybackEvent(
                        sessionID: session, item: lesson, kind: position >= 24 ? .ended : .progress,
                        position: position, deviceTime: start.addingTimeInterval(position)))
            }
            _ = try ingest.ingestSync(EventBatch(events: events), from: principal, now: start.addingTimeInterval(position + 1))
        }
        // Picture passwords for ป.1/1, set by the teacher's school admin path.
        let accounts = Accounts(store: store)
        let admin = try store.readSync { db in try Directory.userID(db, username: "admin").flatMap { try Principal.load(db, userID: $0) } }
        let young = try store.readSync { db in
            try db.fetchAll("SELECT student_id FROM learning_class_member WHERE class_id = ? AND left_at IS NULL", [youngClass])
                .map { try $0.get(0, as: Int64.self) }
        }
        if let admin {
            for pupil in young { try accounts.setPicturePassword(by: admin, userID: pupil, pictures: Self.demoPictures, now: now) }
        }
        _ = teacher
        return young.isEmpty
            ? nil
            : Account(
                username: "ป.1/1 (\(young.count) pupils)", password: "☀ ⭐ 🐟 ⚽",
                role: "picture sign-in: sun, star, fish, ball")
    }
}
