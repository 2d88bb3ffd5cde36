import Foundation
import KlaiCatalog
import KlaiEvaluation
import KlaiLearning
import KlaiStore

extension DemoLibrary {
    /// The supervision side of the demo: a director, two classrooms with equipment, a repair request
    /// already closed, an open pupil survey, and a few class screenings of ป.4/1 this week, so the
    /// dashboards have numbers on a first look.
    func addSupervision(now: Date = Date()) throws {
        let today = LocalDate(now)
        guard let directorAccount = Self.accounts.first(where: { $0.username == "director" }) else { return }
        let hash = PasswordHash(password: directorAccount.password)
        let lessons: [Int64] = try store.writeSync { db in
            guard let school = try Directory.schoolID(db, code: Self.schoolCode),
                let teacherID = try Directory.userID(db, username: "kru.somsri")
            else { return [] }
            let directorID = try Directory.addUser(
                db, username: directorAccount.username, displayName: "ผอ.ประเสริฐ (ตัวอย่าง)",
                password: hash, grants: [RoleGrant(.director, schoolID: school)])
            guard let director = try Principal.load(db, userID: directorID),
                let teacher = try Principal.load(db, userID: teacherID)
            else { return [] }
            let room4 = try Readiness.addClassroom(db, by: director, schoolID: school, name: "ห้อง ป.4/1")
            let room1 = try Readiness.addClassroom(db, by: director, schoolID: school, name: "ห้อง ป.1/1")
            for room in [room4, room1] {
                for kind in [Equipment.Kind.tv, .satelliteReceiver, .dishLNB] {
                    _ = try Readiness.addEquipment(db, by: director, classroomID: room, kind: kind, label: "")
                }
            }
            _ = try Readiness.addEquipment(db, by: director, classroomID: room4, kind: .computer, label: "")
            // A request already handled: no signal after a storm, fixed by a local technician in three days.
            let reported = today.adding(days: -9)
            let repair = try Repairs.report(
                db, by: teacher, classroomID: room1, problem: .signal,
                description: "ไม่มีสัญญาณหลังพายุ", on: reported)
            try Repairs.acknowledge(db, by: director, repairID: repair.id, on: reported.adding(days: 1))
            try Repairs.markFixed(db, by: director, repairID: repair.id, on: reported.adding(days: 3), repairedBy: .localTechnician)
            try Repairs.close(db, by: director, repairID: repair.id, on: reported.adding(days: 3))
            if let termID = try db.scalar("SELECT id FROM term WHERE starts_on <= ? AND ends_on >= ?", [today, today], as: Int64.self),
                let survey = try InstrumentLibrary.latestID(db, key: "pupil-satisfaction")
            {
                _ = try Surveys.open(db, by: director, schoolID: school, termID: termID, instrumentID: survey, now: now)
            }
            return try db.fetchAll("SELECT id FROM catalog_item WHERE asset_id IS NOT NULL AND grade = 'P4' ORDER BY id LIMIT 3")
                .map { try $0.get(0, as: Int64.self) }
        }
        try addScreenings(lessons: lessons, now: now)
    }

    /// Class screenings by ป.4/1's teacher (class mode), as the player posts them, then the class's usage figures.
    private func addScreenings(lessons: [Int64], now: Date) throws {
        let found = try store.readSync { db -> (Principal, Int64, Int64)? in
            guard let school = try Directory.schoolID(db, code: Self.schoolCode), let grade4 = Grade(parsing: "ป.4"),
                let teacherID = try Directory.userID(db, username: "kru.somsri"),
                let teacher = try Principal.load(db, userID: teacherID)
            else { return nil }
            return (teacher, school, try Directory.classID(db, schoolID: school, year: LocalDate(now).academicYear, grade: grade4, room: 1))
        }
        guard let found else { return }
        let (teacher, _, classID) = found
        let ingest = PlaybackIngest(store: store)
        for (index, lesson) in lessons.enumerated() {
            let start = now.addingTimeInterval(-Double(index + 1) * 3600)
            let session = UUID()
            var events = [PlaybackEvent(sessionID: session, item: lesson, kind: .started, position: 0, deviceTime: start, classID: classID)]
            for position in stride(from: 5.0, through: clipSeconds, by: 5) {
                events.append(
                    PlaybackEvent(
                        sessionID: session, item: lesson, kind: position >= clipSeconds ? .ended : .progress,
                        position: position, deviceTime: start.addingTimeInterval(position), classID: classID))
            }
            _ = try ingest.ingestSync(EventBatch(events: events), from: teacher, now: start.addingTimeInterval(clipSeconds + 1))
        }
        let today = LocalDate(now)
        try store.writeSync { db in
            if let termID = try db.scalar("SELECT id FROM term WHERE starts_on <= ? AND ends_on >= ?", [today, today], as: Int64.self) {
                _ = try UsageEvidence.refresh(db, classID: classID, termID: termID, asOf: today)
            }
        }
    }
}
