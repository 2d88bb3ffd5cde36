import Foundation
import KlaiStore
import Testing

@testable import KlaiLearning

/// The admin pages' domain calls: deactivation, the class sheet's first passwords, the roster preview.
@Suite struct PeopleAdminTests {
    static let iterations = 1000

    func school(_ library: TemporaryLibrary) throws -> Int64 {
        try library.store.writeSync { db in try Directory.addSchool(db, code: "1012345678", name: "โรงเรียนบ้านหนองบัว") }
    }

    func roster(_ rows: [String]) throws -> RosterFile {
        try RosterFile(
            bytes: Array(
                (["เลขประจำตัวนักเรียน,เลขประจำตัวประชาชน,คำนำหน้าชื่อ,ชื่อ,นามสกุล,เพศ,ชั้น,ห้อง"] + rows)
                    .joined(separator: "\r\n").utf8))
    }

    @Test func aDeactivatedTeacherCanNoLongerSignInAndHerHistoryStays() throws {
        let library = try TemporaryLibrary()
        let schoolID = try school(library)
        let id = try library.store.writeSync { db in
            try Directory.addUser(
                db, username: "kru.a", displayName: "ครูเอ", password: PasswordHash(password: "secret-123", iterations: Self.iterations),
                grants: [RoleGrant(.teacher, schoolID: schoolID)])
        }
        let accounts = Accounts(store: library.store)
        _ = try accounts.signIn(username: "kru.a", password: "secret-123", address: "10.0.0.5")
        try library.store.writeSync { db in try PeopleAdmin.setActive(db, userID: id, active: false, actor: nil) }
        #expect(throws: Accounts.SignInError.self) { try accounts.signIn(username: "kru.a", password: "secret-123", address: "10.0.0.5") }
        let (active, openSessions, found, foundWithInactive) = try library.store.readSync { db in
            (
                try PeopleAdmin.person(db, id: id)?.isActive,
                try db.scalar("SELECT count(*) FROM learning_session WHERE user_id = ? AND signed_out_at IS NULL", [id], as: Int.self),
                try PeopleAdmin.search(db, text: "ครู").map(\.id),
                try PeopleAdmin.search(db, text: "ครู", includeInactive: true).map(\.id)
            )
        }
        #expect(active == false)
        #expect(openSessions == 0)
        #expect(found.isEmpty)
        #expect(foundWithInactive == [id])
    }

    @Test func anAdminCannotDeactivateHerOwnAccount() throws {
        let library = try TemporaryLibrary()
        let id = try library.store.writeSync { db in
            try Directory.addUser(db, username: "admin2", displayName: "Admin", password: nil, grants: [RoleGrant(.admin)])
        }
        #expect(throws: LearningError.self) {
            try library.store.writeSync { db in try PeopleAdmin.setActive(db, userID: id, active: false, actor: id) }
        }
    }

    @Test func theClassSheetGivesFirstPasswordsButLeavesAPupilsOwnPasswordAlone() throws {
        let library = try TemporaryLibrary()
        let schoolID = try school(library)
        let file = try roster([
            "01001,\(nationalID("110370012345")),ด.ช.,สมชาย,ใจดี,ชาย,ป.4,1",
            "01002,\(nationalID("310050067891")),ด.ญ.,มาลี,รักเรียน,หญิง,ป.4,1"
        ])
        _ = try library.store.writeSync { db in try RosterImport.apply(file, to: db, schoolID: schoolID, year: 2569, actor: nil) }
        let own = PasswordHash(password: "malee-own-1", iterations: Self.iterations).description
        try library.store.writeSync { db in try db.execute("UPDATE learning_user SET password_hash = ? WHERE username = '1012345678-01002'", [own]) }
        let classID = try #require(try library.store.readSync { db in try PeopleAdmin.classes(db, schoolID: schoolID).first?.id })
        let lines = try PeopleAdmin.issueFirstPasswords(library.store, classID: classID, actor: nil) {
            PasswordHash(password: $0, iterations: Self.iterations).description
        }
        #expect(lines.map(\.username) == ["1012345678-01001", "1012345678-01002"])
        let first = try #require(lines[0].firstPassword)
        #expect(lines[1].firstPassword == nil)
        let accounts = Accounts(store: library.store)
        let signedIn = try accounts.signIn(username: "1012345678-01001", password: first, address: "10.0.0.6")
        #expect(signedIn.mustChangePassword)
        _ = try accounts.signIn(username: "1012345678-01002", password: "malee-own-1", address: "10.0.0.6")
    }

    @Test func theRosterPreviewNamesWhoMovesAndWhoLeftAndChangesNothing() throws {
        let library = try TemporaryLibrary()
        let schoolID = try school(library)
        let somchai = "01001,\(nationalID("110370012345")),ด.ช.,สมชาย,ใจดี,ชาย"
        let malee = "01002,\(nationalID("310050067891")),ด.ญ.,มาลี,รักเรียน,หญิง"
        let june = try roster(["\(somchai),ป.4,1", "\(malee),ป.4,1"])
        _ = try library.store.writeSync { db in try RosterImport.apply(june, to: db, schoolID: schoolID, year: 2569, actor: nil) }
        let before = try library.snapshot(["learning_user", "learning_student", "learning_class_member", "learning_class", "learning_audit"])
        let november = try roster(["\(somchai),ป.4,2", "02001,\(nationalID("560020034567")),ด.ช.,นิรันดร์,ทองคำ,ชาย,ป.4,1"])
        let preview = try RosterImport.preview(november, store: library.store, schoolID: schoolID, year: 2569, actor: nil)
        #expect(preview.moved == [.init(name: "สมชาย ใจดี", from: "ป.4/1", to: "ป.4/2")])
        #expect(preview.left == [.init(name: "มาลี รักเรียน", from: "ป.4/1", to: nil)])
        #expect(preview.added == [.init(name: "นิรันดร์ ทองคำ", from: nil, to: "ป.4/1")])
        #expect(preview.report.moved == 1 && preview.report.deactivated == 1 && preview.report.added == 1)
        #expect(try library.snapshot(["learning_user", "learning_student", "learning_class_member", "learning_class", "learning_audit"]) == before)
    }
}
