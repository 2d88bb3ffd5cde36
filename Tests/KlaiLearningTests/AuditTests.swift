import Foundation
import KlaiStore
import Testing

@testable import KlaiLearning

@Suite struct AuditTests {
    @Test func roleChangesAndRosterImportsAreAuditedWithWhoAndWhat() throws {
        let library = try TemporaryLibrary()
        let (admin, teacher, school) = try library.store.writeSync { db -> (Int64, Int64, Int64) in
            let school = try Directory.addSchool(db, code: "1012345678", name: "บ้านหนองบัว")
            let admin = try Directory.addUser(db, username: "ict", displayName: "ICT", password: nil, grants: [RoleGrant(.admin)])
            let teacher = try Directory.addUser(db, username: "somsri", displayName: "ครูสมศรี", password: nil)
            try Directory.grant(db, userID: teacher, RoleGrant(.teacher, schoolID: school), actor: admin)
            try Directory.grant(db, userID: teacher, RoleGrant(.teacher, schoolID: school), actor: admin)  // already held: no entry
            try Directory.grant(db, userID: teacher, RoleGrant(.director, schoolID: school), actor: admin)
            try Directory.revoke(db, userID: teacher, RoleGrant(.director, schoolID: school), actor: admin)
            return (admin, teacher, school)
        }
        let csv = "student number,national id,first name,last name,grade,room\n01,\(nationalID("110370012345")),A,B,P4,1\n"
        let file = try RosterFile(bytes: Array(csv.utf8))
        _ = try library.store.writeSync { db in try RosterImport.apply(file, to: db, schoolID: school, year: 2569, actor: admin) }
        let entries = try library.store.readSync { db in try AuditLog.recent(db) }
        let summary = entries.reversed().map { "\($0.actorUserID.map(String.init) ?? "-") \($0.action) \($0.target) \($0.detail)" }
        #expect(summary.contains("\(admin) role.grant user:\(teacher) teacher@\(school)"))
        #expect(summary.contains("\(admin) role.revoke user:\(teacher) director@\(school)"))
        #expect(summary.filter { $0.contains("role.grant user:\(teacher) teacher") }.count == 1)
        let roster = try #require(entries.first { $0.action == "roster.import" })
        #expect(roster.actorUserID == admin && roster.target == "school:1012345678" && roster.detail.contains("1 added"))
        // Personal data never reaches the log.
        #expect(!entries.contains { $0.detail.contains(nationalID("110370012345")) })
        #expect(try library.store.readSync { db in try Directory.grants(db, userID: teacher) } == [RoleGrant(.teacher, schoolID: school)])
    }
}
