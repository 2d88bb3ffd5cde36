import Foundation
import KlaiCatalog
import KlaiLearning
import KlaiStore

@testable import KlaiEvaluation

/// A real migrated library in a temporary folder: two schools, ป.4/1 at the first with a teacher, two
/// pupils, its director and a supervisor; DLTV4 broadcasting for ป.4 on Mondays (two periods) in term
/// 1/2569; a DLTV recording, a DLIT lesson, and the shipped instruments from `Catalog/instruments/`.
final class EvaluationFixture: Sendable {
    let folder: URL
    let store: Store
    let school: Int64
    let otherSchool: Int64
    let classID: Int64
    let teacher: Principal
    let otherTeacher: Principal
    let director: Principal
    let supervisor: Principal
    let otherSupervisor: Principal
    let pupils: [Principal]
    let visitForm: Int64
    /// DLTV4 period 1 of Monday 15 June 2026 (ค), and a DLIT lesson; both 3000 s.
    let recording: Int64 = 1
    let dlitLesson: Int64 = 2
    /// DLTV4 period 1 of Monday 22 June 2026: another episode of the same slot.
    let nextWeeksRecording: Int64 = 3
    static let termID: Int64 = 1
    /// Monday 15 June 2026, 08:30 Thai time.
    static let monday = ISO8601Timestamp.parse("2026-06-15T01:30:00.000Z")!

    static var instrumentsFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Catalog/instruments")
    }

    static var migrator: Migrator {
        var migrator = CatalogSchema.migrator
        LearningSchema.register(in: &migrator)
        EvaluationSchema.register(in: &migrator)
        return migrator
    }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("klai-evaluation-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try Store(configuration: .init(path: folder.appendingPathComponent("Klai.sqlite").path), migrator: Self.migrator)
        let instruments = Self.instrumentsFolder
        let ids = try store.writeSync { db -> [Int64] in
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
                VALUES (1, 'dltv_recording', 'dltv:DLTV4:2026-06-15:1', 'เศษส่วน', 'P4', 'ค', 'DLTV4', '2026-06-15', 1, 3000, 'x', 'x'),
                    (3, 'dltv_recording', 'dltv:DLTV4:2026-06-22:1', 'ทศนิยม', 'P4', 'ค', 'DLTV4', '2026-06-22', 1, 3000, 'x', 'x');
                INSERT INTO catalog_item (id, kind, stable_key, title, grade, learning_area, duration_seconds, created_at, updated_at)
                VALUES (2, 'dlit_lesson', 'dlit:th-p4-07', 'คำควบกล้ำ', 'P4', 'ท', 3000, 'x', 'x');
                """)
            let school = try Directory.addSchool(db, code: "1012345678", name: "บ้านหนองบัว")
            let other = try Directory.addSchool(db, code: "1012345679", name: "บ้านโคกสูง")
            let classID = try Directory.classID(db, schoolID: school, year: 2569, grade: Grade(parsing: "ป.4")!, room: 1)
            let teacher = try Directory.addUser(
                db, username: "kru", displayName: "ครูสมศรี", password: nil,
                grants: [RoleGrant(.teacher, schoolID: school)])
            try Directory.assignTeacher(db, userID: teacher, classID: classID)
            let otherTeacher = try Directory.addUser(
                db, username: "kru2", displayName: "ครูสมชาย", password: nil,
                grants: [RoleGrant(.teacher, schoolID: school)])
            let director = try Directory.addUser(
                db, username: "director", displayName: "ผอ.", password: nil,
                grants: [RoleGrant(.director, schoolID: school)])
            let supervisor = try Directory.addUser(
                db, username: "nitet", displayName: "ศน.", password: nil,
                grants: [RoleGrant(.supervisor, schoolID: school)])
            let otherSupervisor = try Directory.addUser(
                db, username: "nitet2", displayName: "ศน. อื่น", password: nil,
                grants: [RoleGrant(.supervisor, schoolID: other)])
            var pupils: [Int64] = []
            for number in 1...2 {
                let pupil = try Directory.addUser(
                    db, username: "pupil\(number)", displayName: "ด.ญ. \(number)", password: nil,
                    grants: [RoleGrant(.student, schoolID: school)])
                try db.execute(
                    """
                    INSERT INTO learning_student (user_id, school_id, student_number, national_id, first_name, last_name)
                    VALUES (?, ?, ?, ?, 'ก', 'ข')
                    """, [pupil, school, "\(number)", "G00000000000\(number)"])
                try db.execute(
                    """
                    INSERT INTO learning_class_member (student_id, class_id, academic_year, joined_at) VALUES (?, ?, 2569, ?)
                    """, [pupil, classID, Date()])
                pupils.append(pupil)
            }
            try InstrumentLibrary.importFolder(db, instruments)
            let form = try InstrumentLibrary.latestID(db, key: "dltv-classroom-visit")!
            return [school, other, classID, teacher, otherTeacher, director, supervisor, otherSupervisor, form] + pupils
        }
        (school, otherSchool, classID, visitForm) = (ids[0], ids[1], ids[2], ids[8])
        let load = { [store] (id: Int64) in try store.readSync { db in try Principal.load(db, userID: id)! } }
        teacher = try load(ids[3])
        otherTeacher = try load(ids[4])
        director = try load(ids[5])
        supervisor = try load(ids[6])
        otherSupervisor = try load(ids[7])
        pupils = try ids[9...].map(load)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) throws -> T { try store.writeSync(body) }
    func read<T>(_ body: (Database) throws -> T) throws -> T { try store.readSync(body) }

    /// A draft rating every item of the DLTV visit form at `level` (items allowing it left "not observed" when nil).
    func fullDraft(level: Int?) throws -> VisitDraft {
        let form = try read { db in try InstrumentLibrary.instrument(db, id: visitForm) }
        var draft = VisitDraft()
        for item in form.items {
            draft.ratings[item.id] = VisitRating(level: level == nil && !item.notObservedAllowed ? 2 : level)
        }
        return draft
    }
}
