import Foundation
import KlaiStore
import Testing

@testable import KlaiLearning

@Suite struct RosterImportTests {
    static let somchai = nationalID("110370012345")
    static let malee = nationalID("310050067891")
    static let niran = nationalID("560020034567")
    static let thaiHeader = "เลขประจำตัวนักเรียน,เลขประจำตัวประชาชน,คำนำหน้าชื่อ,ชื่อ,นามสกุล,เพศ,วันเกิด,ชั้น,ห้อง"

    static func thaiRoster(_ rows: [String]) -> String { ([thaiHeader] + rows).joined(separator: "\r\n") + "\r\n" }

    static let juneRound = thaiRoster([
        "01001,\(somchai),ด.ช.,สมชาย,ใจดี,ชาย,12/03/2559,ป.4,1",
        "01002,\(malee),ด.ญ.,มาลี,รักเรียน,หญิง,01/11/2559,ป.4,1",
        "01003,G123456789012,ด.ช.,นิรันดร์,ทองคำ,ชาย,2016-07-30,ป.4,2"
    ])

    func makeSchool(_ library: TemporaryLibrary) throws -> Int64 {
        try library.store.writeSync { db in try Directory.addSchool(db, code: "1012345678", name: "โรงเรียนบ้านหนองบัว") }
    }

    func importRoster(_ library: TemporaryLibrary, _ bytes: [UInt8], school: Int64, year: Int = 2569) throws -> RosterImport.Report {
        let file = try RosterFile(bytes: bytes)
        return try library.store.writeSync { db in try RosterImport.apply(file, to: db, schoolID: school, year: year, actor: nil) }
    }

    @Test func importsUTF8WithThaiHeaders() throws {
        let library = try TemporaryLibrary()
        let school = try makeSchool(library)
        let report = try importRoster(library, Array(Self.juneRound.utf8), school: school)
        #expect(report.encoding == .utf8)
        #expect(report.added == 3 && report.classesCreated == 2 && report.deactivated == 0)
        try library.store.readSync { db in
            let rows = try db.fetchAll(
                """
                SELECT s.first_name, s.birth_date, c.grade, c.room, c.academic_year FROM learning_student s
                JOIN learning_class_member m ON m.student_id = s.user_id JOIN learning_class c ON c.id = m.class_id
                ORDER BY s.student_number
                """)
            #expect(try rows.map { try $0.get("first_name", as: String.self) } == ["สมชาย", "มาลี", "นิรันดร์"])
            // 12/03/2559 is Buddhist; 2016-07-30 Gregorian: both stored Gregorian.
            #expect(try rows.map { try $0.get("birth_date", as: String.self) } == ["2016-03-12", "2016-11-01", "2016-07-30"])
            #expect(try rows.map { "\(try $0.get("grade", as: String.self))/\(try $0.get("room", as: Int.self))" } == ["P4/1", "P4/1", "P4/2"])
            #expect(try rows[0].get("academic_year", as: Int.self) == 2569)
        }
    }

    @Test func importsUTF8WithBOMAndEnglishHeaders() throws {
        let library = try TemporaryLibrary()
        let school = try makeSchool(library)
        let csv = """
            Student Number,National ID,Prefix,First Name,Last Name,Sex,Birth Date,Class
            "02001",\(Self.somchai),Master,"Somchai ""Chai"" S",Jaidee,M,2016-03-12,ป.5/3
            """
        let report = try importRoster(library, [0xEF, 0xBB, 0xBF] + Array(csv.utf8), school: school)
        #expect(report.encoding == .utf8WithBOM && report.added == 1)
        let name = try library.store.readSync { db in try db.scalar("SELECT first_name FROM learning_student", as: String.self) }
        #expect(name == "Somchai \"Chai\" S")
        let grade = try library.store.readSync { db in try db.scalar("SELECT grade || '/' || room FROM learning_class", as: String.self) }
        #expect(grade == "P5/3")
    }

    @Test func importsWindows874() throws {
        let library = try TemporaryLibrary()
        let school = try makeSchool(library)
        let bytes = windows874Bytes(Self.juneRound)
        #expect(String(validating: bytes, as: UTF8.self) == nil)
        let report = try importRoster(library, bytes, school: school)
        #expect(report.encoding == .windows874 && report.added == 3)
        let names = try library.store.readSync { db in
            try db.fetchAll("SELECT last_name FROM learning_student ORDER BY student_number").map { try $0.get(0, as: String.self) }
        }
        #expect(names == ["ใจดี", "รักเรียน", "ทองคำ"])
        // The same roster in UTF-8 afterwards is recognised as the same pupils: nothing changes.
        #expect(try importRoster(library, Array(Self.juneRound.utf8), school: school).changedNothing)
    }

    @Test func refusesBytesThatAreNeitherEncoding() throws {
        var bytes = windows874Bytes(Self.juneRound)
        bytes[200] = 0xFC  // undefined in TIS-620 and Windows-874, invalid as UTF-8
        #expect(throws: RosterImportError.self) { try RosterFile(bytes: bytes) }
        do { _ = try RosterFile(bytes: bytes) } catch { #expect("\(error)".contains("neither UTF-8 nor Windows-874")) }
        // Valid UTF-8 (Latin letters with accents) that Windows-874 would read as Thai: refused, not guessed.
        let ambiguous = Array("student number,national id,first name,last name,grade\n1,\(Self.somchai),María,Pérez,P4\n".utf8)
        do {
            _ = try RosterFile(bytes: ambiguous)
            Issue.record("an ambiguous file was accepted")
        } catch { #expect("\(error)".contains("could be UTF-8 or Windows-874")) }
    }

    @Test func rejectsBadChecksumNamingEveryRowAndImportsNothing() throws {
        let library = try TemporaryLibrary()
        let school = try makeSchool(library)
        var wrong = Array(Self.malee)
        wrong[12] = wrong[12] == "9" ? "0" : Character(String(Int(String(wrong[12]))! + 1))
        let csv = Self.thaiRoster([
            "01001,\(Self.somchai),ด.ช.,สมชาย,ใจดี,ชาย,12/03/2559,ป.4,1",
            "01002,\(String(wrong)),ด.ญ.,มาลี,รักเรียน,หญิง,01/11/2559,ป.4,1",
            "01003,\(Self.niran),ด.ช.,นิรันดร์,,ชาย,31/02/2559,ป.9,1"
        ])
        do {
            _ = try importRoster(library, Array(csv.utf8), school: school)
            Issue.record("a roster with a bad ID was imported")
        } catch let error as RosterImportError {
            #expect(error.problems.map(\.row) == [3, 4, 4, 4])
            #expect(error.problems[0].message.contains("national ID is not valid"))
            // The ID itself is personal data: never repeated in messages.
            #expect(!error.description.contains(String(wrong)) && !error.description.contains(Self.niran))
        }
        #expect(try library.snapshot(["learning_student", "learning_user", "learning_class"]).isEmpty)
    }

    @Test func reimportingTheSameFileChangesNothing() throws {
        let library = try TemporaryLibrary()
        let school = try makeSchool(library)
        _ = try importRoster(library, Array(Self.juneRound.utf8), school: school)
        let tables = ["learning_student", "learning_user", "learning_class", "learning_class_member", "learning_role"]
        let before = try library.snapshot(tables)
        let again = try importRoster(library, Array(Self.juneRound.utf8), school: school)
        #expect(again.changedNothing && again.unchanged == 3)
        #expect(try library.snapshot(tables) == before)
    }

    @Test func novemberRoundMovesAddsAndMarksLeaversInactiveKeepingHistory() throws {
        let library = try TemporaryLibrary()
        let school = try makeSchool(library)
        _ = try importRoster(library, Array(Self.juneRound.utf8), school: school)
        let november = Self.thaiRoster([
            "01001,\(Self.somchai),ด.ช.,สมชาย,ใจดี,ชาย,12/03/2559,ป.4,2",  // moved to ป.4/2
            "01003,G123456789012,ด.ช.,นิรันดร์,ทองคำ,ชาย,2016-07-30,ป.4,2",  // unchanged
            "01004,\(Self.niran),ด.ญ.,นารี,ศรีสุข,หญิง,05/05/2559,ป.4,1"  // new pupil
        ])  // มาลี left
        let report = try importRoster(library, Array(november.utf8), school: school)
        #expect(report.added == 1 && report.moved == 1 && report.deactivated == 1 && report.unchanged == 1)
        try library.store.readSync { db in
            let malee = try #require(try db.fetchOne("SELECT user_id, is_active FROM learning_student WHERE first_name = 'มาลี'"))
            #expect(try malee.get("is_active", as: Bool.self) == false)
            let history = try db.fetchAll("SELECT left_at FROM learning_class_member WHERE student_id = ?", [try malee.get("user_id", as: Int64.self)])
            #expect(history.count == 1 && !history[0]["left_at"].isNull)
            let somchai = try db.fetchAll(
                """
                SELECT c.room, m.left_at IS NULL AS current FROM learning_class_member m JOIN learning_class c ON c.id = m.class_id
                JOIN learning_student s ON s.user_id = m.student_id WHERE s.first_name = 'สมชาย' ORDER BY m.id
                """
            ).map { "\(try $0.get("room", as: Int.self)):\(try $0.get("current", as: Bool.self))" }
            #expect(somchai == ["1:false", "2:true"])
        }
    }

    @Test func nationalIDsAreMaskedExceptForAdminsAndUnmaskedViewsAreAudited() throws {
        let library = try TemporaryLibrary()
        let school = try makeSchool(library)
        _ = try importRoster(library, Array(Self.juneRound.utf8), school: school)
        let classID = try #require(
            try library.store.readSync { db in
                try db.scalar("SELECT id FROM learning_class WHERE room = 1", as: Int64.self)
            })
        let teacher = Principal(userID: 900, grants: [RoleGrant(.teacher, schoolID: school)])
        let admin = try library.store.writeSync { db in
            try Directory.addUser(db, username: "admin", displayName: "ICT", password: nil, grants: [RoleGrant(.admin)])
        }
        let adminPrincipal = Principal(userID: admin, grants: [RoleGrant(.admin)])
        let seenByTeacher = try library.store.writeSync { db in try Pupils.classList(db, classID: classID, viewer: teacher) }
        let s = Array(Self.somchai)
        #expect(seenByTeacher[0].nationalIDShown == "\(s[0])-\(String(s[1...4]))-xxxxx-xx-\(s[12])")
        #expect(try library.store.readSync { db in try AuditLog.recent(db, action: "national-id.view") }.isEmpty)
        let seenByAdmin = try library.store.writeSync { db in try Pupils.classList(db, classID: classID, viewer: adminPrincipal) }
        #expect(seenByAdmin[0].nationalIDShown.filter(\.isNumber) == Self.somchai)
        let audit = try library.store.readSync { db in try AuditLog.recent(db, action: "national-id.view") }
        #expect(audit.count == 1 && audit[0].actorUserID == admin && audit[0].target == "class:\(classID)")
        #expect(NationalID(Self.somchai).map { "\($0)" } == seenByTeacher[0].nationalIDShown)
    }
}
