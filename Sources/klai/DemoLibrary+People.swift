import Foundation
import KlaiCatalog
import KlaiLearning
import KlaiStore

extension DemoLibrary {
    /// A demo sign-in: username, password and what the account is for.
    struct Account {
        let username: String
        let password: String
        let role: String
    }

    static let schoolCode = "1099990001"

    /// The demo's sign-ins. Their passwords are published in the README, so `klai serve` refuses to listen
    /// beyond loopback while any of these accounts still accepts its password (`DemoPasswordCheck`).
    static let accounts = [
        Account(username: "admin", password: "klai-admin", role: "admin (ผู้ดูแลระบบ)"),
        Account(username: "nitet", password: "klai-nitet", role: "supervisor (ศึกษานิเทศก์)"),
        Account(username: "kru.somsri", password: "klai-kru", role: "teacher of ป.4/1 (ครู)"),
        Account(username: "\(schoolCode)-01001", password: "klai-pupil", role: "pupil in ป.4/1 (นักเรียน)"),
        Account(username: "director", password: "klai-director", role: "director of the demo school (ผู้บริหาร)")
    ]

    /// A demo school with one class of five pupils (imported through the real roster path), a teacher,
    /// a supervisor and an admin, all with known passwords so a first look needs no setup.
    /// - Returns: the accounts to print.
    func addPeople(now: Date = Date()) throws -> [Account] {
        let accounts = Self.accounts
        let roster = Self.rosterCSV()
        let year = LocalDate(now).academicYear
        let hashes = accounts.map { PasswordHash(password: $0.password) }
        try store.writeSync { db in
            let school = try Directory.addSchool(
                db, code: Self.schoolCode, name: "โรงเรียนสาธิตไกล (ตัวอย่าง)", serviceArea: "สพป.ตัวอย่าง เขต 1")
            _ = try RosterImport.apply(try RosterFile(bytes: Array(roster.utf8)), to: db, schoolID: school, year: year, actor: nil)
            let grants: [[RoleGrant]] = [
                [RoleGrant(.admin)], [RoleGrant(.supervisor, schoolID: school)],
                [RoleGrant(.teacher, schoolID: school)]
            ]
            for (index, account) in accounts.prefix(3).enumerated() {
                let shown = ["admin": "ผู้ดูแลระบบ (ตัวอย่าง)", "nitet": "ศน.วิไล นิเทศดี", "kru.somsri": "ครูสมศรี ใจดี"]
                let id = try Directory.addUser(
                    db, username: account.username, displayName: shown[account.username] ?? account.username,
                    password: hashes[index], grants: grants[index])
                if account.username == "kru.somsri" {
                    try Directory.assignTeacher(
                        db, userID: id,
                        classID: try Directory.classID(
                            db, schoolID: school, year: year, grade: Grade(parsing: "ป.4")!, room: 1))
                }
            }
            try db.execute(
                "UPDATE learning_user SET password_hash = ? WHERE username = ?",
                [hashes[3].description, accounts[3].username])
        }
        return accounts
    }

    /// A DMC-style roster of five ป.4/1 pupils with valid (made-up) national IDs.
    static func rosterCSV() -> String {
        let pupils = [
            ("ด.ช.", "ก้องภพ", "ใจดี", "ช"), ("ด.ญ.", "ขวัญใจ", "รักเรียน", "ญ"), ("ด.ช.", "ชนะ", "มีสุข", "ช"),
            ("ด.ญ.", "ดวงใจ", "ศรีสุข", "ญ"), ("ด.ช.", "ธนา", "บุญมา", "ช")
        ]
        var lines = ["เลขประจำตัวนักเรียน,เลขประจำตัวประชาชน,คำนำหน้าชื่อ,ชื่อ,นามสกุล,เพศ,วันเกิด,ชั้น,ห้อง"]
        for (index, pupil) in pupils.enumerated() {
            let number = String(format: "01%03d", index + 1)
            lines.append("\(number),\(nationalID(index)),\(pupil.0),\(pupil.1),\(pupil.2),\(pupil.3),1\(index + 2)/03/2559,ป.4,1")
        }
        // ป.1/1 signs in with pictures (DemoLibrary+Classroom.swift).
        for (index, pupil) in Self.youngPupils.enumerated() {
            let number = String(format: "04%03d", index + 1)
            lines.append("\(number),\(nationalID(20 + index)),\(pupil.0),\(pupil.1),\(pupil.2),\(pupil.3),0\(index + 2)/06/2562,ป.1,1")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A made-up 13-digit ID with a correct check digit: (11 − Σ dᵢ·(14−i) mod 11) mod 10 (DOMAIN.md).
    static func nationalID(_ seed: Int) -> String {
        let digits = Array("110990\(String(format: "%06d", 123_450 + seed))".compactMap(\.wholeNumberValue))
        let sum = digits.enumerated().reduce(0) { $0 + $1.element * (13 - $1.offset) }
        return digits.map(String.init).joined() + String((11 - sum % 11) % 10)
    }
}
