import Foundation
import KlaiLearning
import KlaiStore
import Testing

/// `klai schools`, `klai roster import`, `klai users`, `klai audit` and `klai events check`, run as the
/// ICT admin of an education service area office would run them, on a temporary data folder.
@Suite struct LearningCommandTests {
    static let school = "1012345678"
    static let somchai = nationalID("110370012345")
    static let malee = nationalID("310050067891")
    static let niran = nationalID("560020034567")
    static let header = "เลขประจำตัวนักเรียน,เลขประจำตัวประชาชน,คำนำหน้าชื่อ,ชื่อ,นามสกุล,เพศ,วันเกิด,ชั้น,ห้อง"

    /// A DMC-style export: header and rows, CRLF line ends as spreadsheets write them.
    static func roster(_ rows: [String]) -> String { ([header] + rows).joined(separator: "\r\n") + "\r\n" }

    static let juneRound = roster([
        "01001,\(somchai),ด.ช.,สมชาย,ใจดี,ชาย,12/03/2559,ป.4,1",
        "01002,\(malee),ด.ญ.,มาลี,รักเรียน,หญิง,01/11/2559,ป.4,1",
        "01003,\(niran),ด.ช.,นิรันดร์,ทองคำ,ชาย,2016-07-30,ป.4,2"
    ])

    /// A made-up ID with a correct check digit: (11 − Σ dᵢ·(14−i) mod 11) mod 10 (DOMAIN.md).
    static func nationalID(_ twelve: String) -> String {
        let digits = twelve.compactMap(\.wholeNumberValue)
        let sum = digits.enumerated().reduce(0) { $0 + $1.element * (13 - $1.offset) }
        return twelve + String((11 - sum % 11) % 10)
    }

    /// Every way an ID could be printed in full: as stored and as `1-2345-67890-12-1`.
    static func fullForms(_ id: String) -> [String] {
        let d = Array(id)
        return [id, "\(d[0])-\(String(d[1...4]))-\(String(d[5...9]))-\(String(d[10...11]))-\(d[12])"]
    }

    @Test func aUTF8RosterImportsItsPupilsAndImportingItAgainChangesNothing() throws {
        let data = try DataFolder(school: Self.school)
        defer { data.remove() }
        let file = try data.write("dmc-2569-1.csv", Array(Self.juneRound.utf8))

        let first = try data.klai(["roster", "import", file.path, "--school", Self.school, "--year", "2569"])
        #expect(first.status == 0, "\(first.errors)")
        #expect(
            first.output == "imported: 3 pupils read (UTF-8): 3 added, 0 updated, 0 changed class, 0 left (now inactive),"
                + " 0 unchanged; 2 new classes\n")

        let people = try data.klai(["users", "list", "--school", Self.school])
        #expect(people.status == 0, "\(people.errors)")
        #expect(
            people.output == """
                1012345678-01001  สมชาย ใจดี  [student@1012345678]  (no password yet)
                1012345678-01002  มาลี รักเรียน  [student@1012345678]  (no password yet)
                1012345678-01003  นิรันดร์ ทองคำ  [student@1012345678]  (no password yet)
                3 people

                """)
        #expect(try data.klai(["schools", "list"]).output.contains("โรงเรียนบ้านหนองบัว  สพป.ขอนแก่น เขต 1  (2 classes, 3 pupils)"))

        // The year in Gregorian is the same academic year: nothing changes.
        let again = try data.klai(["roster", "import", file.path, "--school", Self.school, "--year", "2026"])
        #expect(again.status == 0, "\(again.errors)")
        #expect(
            again.output.contains(
                "3 pupils read (UTF-8): 0 added, 0 updated, 0 changed class, 0 left (now inactive),"
                    + " 3 unchanged; 0 new classes"), "\(again.output)")
        #expect(try data.klai(["users", "list"]).output.hasSuffix("3 people\n"))
    }

    @Test func aRosterWithABadNationalIDChecksumImportsNothingAndNamesTheRowButNotTheID() throws {
        let data = try DataFolder(school: Self.school)
        defer { data.remove() }
        // Malee's ID with its last digit mistyped.
        let last = Self.malee.last!.wholeNumberValue!
        let mistyped = String(Self.malee.dropLast()) + String((last + 1) % 10)
        let file = try data.write("dmc.csv", Array(Self.juneRound.replacingOccurrences(of: Self.malee, with: mistyped).utf8))

        let outcome = try data.klai(["roster", "import", file.path, "--school", Self.school, "--year", "2569"])
        #expect(outcome.status == 1)
        #expect(outcome.output.isEmpty, "\(outcome.output)")
        #expect(outcome.errors.contains("the roster was not imported (nothing changed); 1 problem(s):"), "\(outcome.errors)")
        #expect(outcome.errors.contains("row 3: the national ID is not valid"), "\(outcome.errors)")
        #expect(
            !outcome.errors.contains(mistyped) && !outcome.errors.contains(String(mistyped.prefix(12))),
            "a mistyped ID is still someone's personal data")

        // Not even the two good rows were imported, and nothing claims an import happened.
        #expect(try data.klai(["users", "list"]).output == "0 people\n")
        #expect(try data.klai(["schools", "list"]).output.contains("(0 classes, 0 pupils)"))
        #expect(!(try data.klai(["audit"]).output.contains("roster.import")))
    }

    @Test func aDryRunShowsWhatWouldChangeAndChangesNothing() throws {
        let data = try DataFolder(school: Self.school)
        defer { data.remove() }
        let file = try data.write("dmc.csv", Array(Self.juneRound.utf8))
        let dry = try data.klai(["roster", "import", file.path, "--school", Self.school, "--year", "2569", "--dry-run"])
        #expect(dry.status == 0, "\(dry.errors)")
        #expect(dry.output.hasPrefix("dry run, nothing changed; the import would do: 3 pupils read (UTF-8): 3 added"), "\(dry.output)")
        #expect(try data.klai(["users", "list"]).output == "0 people\n")
    }

    @Test func aWindows874RosterImportsWithThaiNamesIntact() throws {
        let data = try DataFolder(school: Self.school)
        defer { data.remove() }
        // TIS-620's layout (Thai U+0E01–U+0E5B at 0xA1–0xFB), written independently of Klai's decoder.
        let bytes = Self.juneRound.unicodeScalars.map { $0.isASCII ? UInt8($0.value) : UInt8($0.value - 0x0E00 + 0xA0) }
        #expect(String(validating: bytes, as: UTF8.self) == nil, "the file really is not UTF-8")
        let file = try data.write("dmc-874.csv", bytes)

        let outcome = try data.klai(["roster", "import", file.path, "--school", Self.school, "--year", "2569"])
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.output.contains("3 pupils read (Windows-874 (TIS-620)): 3 added"), "\(outcome.output)")
        let people = try data.klai(["users", "list"]).output
        for name in ["สมชาย ใจดี", "มาลี รักเรียน", "นิรันดร์ ทองคำ"] {
            #expect(people.contains("  \(name)  [student@1012345678]"), "\(name) in \(people)")
        }
    }

    @Test func aLaterRoundMovesPupilsAndListsOneWhoLeftOnlyAsInactive() throws {
        let data = try DataFolder(school: Self.school)
        defer { data.remove() }
        #expect(
            try data.klai([
                "roster", "import", data.write("june.csv", Array(Self.juneRound.utf8)).path,
                "--school", Self.school, "--year", "2569"
            ]).status == 0)
        let november = Self.roster([
            "01001,\(Self.somchai),ด.ช.,สมชาย,ใจดี,ชาย,12/03/2559,ป.4,2",
            "01003,\(Self.niran),ด.ช.,นิรันดร์,ทองคำ,ชาย,2016-07-30,ป.4,2"
        ])
        let outcome = try data.klai([
            "roster", "import", data.write("november.csv", Array(november.utf8)).path,
            "--school", Self.school, "--year", "2569"
        ])
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(
            outcome.output.contains("2 pupils read (UTF-8): 0 added, 0 updated, 1 changed class, 1 left (now inactive), 1 unchanged"),
            "\(outcome.output)")
        let active = try data.klai(["users", "list"]).output
        #expect(!active.contains("มาลี") && active.hasSuffix("2 people\n"), "\(active)")
        let all = try data.klai(["users", "list", "--inactive"]).output
        #expect(all.contains("1012345678-01002  มาลี รักเรียน  [student@1012345678]  (inactive)"), "\(all)")
    }

    @Test func nationalIDsNeverAppearInFullAtTheTerminalAndATeacherSeesThemMasked() throws {
        let data = try DataFolder(school: Self.school)
        defer { data.remove() }
        let file = try data.write("dmc.csv", Array(Self.juneRound.utf8))
        var printed = [try data.klai(["roster", "import", file.path, "--school", Self.school, "--year", "2569"])]
        let teacher = try data.klai([
            "users", "add", "somsri", "--name", "ครูสมศรี ใจดี", "--role", "teacher",
            "--school", Self.school, "--class", "ป.4/1", "--year", "2569"
        ])
        #expect(teacher.status == 0, "\(teacher.errors)")
        for arguments in [
            ["users", "list"], ["users", "list", "--inactive", "--role", "student"], ["schools", "list"], ["audit"],
            ["users", "reset-password", "1012345678-01001"]
        ] {
            printed.append(try data.klai(arguments))
        }
        printed.append(teacher)
        for outcome in printed {
            #expect(outcome.status == 0, "\(outcome.errors)")
            for id in [Self.somchai, Self.malee, Self.niran] {
                for form in Self.fullForms(id) {
                    #expect(!outcome.output.contains(form) && !outcome.errors.contains(form), "a full national ID was printed")
                }
            }
        }

        // No command prints a class list; the class list the web pages show comes from the pupils stored by
        // the command above. A teacher sees `1-1037-xxxxx-xx-8`; an admin the full ID, and that view is audited.
        let s = Array(Self.somchai)
        let (shownToTeacher, shownToAdmin) = try data.withDatabase { db -> (String?, String?) in
            let classID = try #require(try db.scalar("SELECT id FROM learning_class WHERE grade = 'P4' AND room = 1", as: Int64.self))
            let schoolID = try #require(try Directory.schoolID(db, code: Self.school))
            let teacherID = try #require(try Directory.userID(db, username: "somsri"))
            let adminID = try Directory.addUser(db, username: "ict", displayName: "ICT", password: nil, grants: [RoleGrant(.admin)])
            let teacher = Principal(userID: teacherID, grants: [RoleGrant(.teacher, schoolID: schoolID)], teacherClassIDs: [classID])
            let admin = Principal(userID: adminID, grants: [RoleGrant(.admin)])
            return (
                try Pupils.classList(db, classID: classID, viewer: teacher).first?.nationalIDShown,
                try Pupils.classList(db, classID: classID, viewer: admin).first?.nationalIDShown
            )
        }
        #expect(shownToTeacher == "\(s[0])-\(String(s[1...4]))-xxxxx-xx-\(s[12])")
        #expect(shownToAdmin.map { Self.fullForms(Self.somchai).contains($0) } == true, "\(shownToAdmin ?? "nil")")
        let audit = try data.klai(["audit", "--action", "national-id.view"])
        #expect(audit.output.split(separator: "\n").count == 1 && audit.output.contains("national-id.view  class:"), "\(audit.output)")
        #expect(Self.fullForms(Self.somchai).allSatisfy { !audit.output.contains($0) })
    }

    @Test func aRosterForASchoolThatIsNotRegisteredIsRefusedWithWhatToDo() throws {
        let data = try DataFolder(school: nil)
        defer { data.remove() }
        let file = try data.write("dmc.csv", Array(Self.juneRound.utf8))
        let outcome = try data.klai(["roster", "import", file.path, "--school", Self.school, "--year", "2569"])
        #expect(outcome.status == 2)
        #expect(
            outcome.errors.hasPrefix("klai roster import: no school with code 1012345678; add it with 'klai schools add CODE NAME'"),
            "\(outcome.errors)")
        #expect(try data.klai(["users", "list"]).output == "0 people\n")

        let badCode = try data.klai(["schools", "add", "10123", "โรงเรียนบ้านหนองบัว"])
        #expect(badCode.status == 2)
        #expect(badCode.errors.contains("a school code has 10 digits"))
    }

    @Test func rolesGivenAndTakenAtTheTerminalShowInTheListAndTheAuditLog() throws {
        let data = try DataFolder(school: Self.school)
        defer { data.remove() }
        let added = try data.klai(["users", "add", "somsri", "--name", "ครูสมศรี ใจดี", "--role", "teacher", "--school", Self.school])
        #expect(added.status == 0, "\(added.errors)")
        #expect(added.output.hasPrefix("added somsri (id "), "\(added.output)")
        let password = try #require(added.output.split(separator: "first password: ").last?.prefix { !$0.isNewline })
        #expect(password.count >= 8)

        let twice = try data.klai(["users", "add", "somsri", "--name", "ครูสมศรี", "--role", "teacher", "--school", Self.school])
        #expect(twice.status == 1)
        #expect(twice.errors.contains("the username 'somsri' is taken"), "\(twice.errors)")

        #expect(
            try data.klai(["users", "grant", "somsri", "director", "--school", Self.school]).output
                == "granted director at 1012345678 to somsri\n")
        #expect(
            try data.klai(["users", "list", "--role", "director"]).output
                == "somsri  ครูสมศรี ใจดี  [director@1012345678 teacher@1012345678]\n1 people\n")
        #expect(try data.klai(["users", "revoke", "somsri", "director", "--school", Self.school]).status == 0)
        #expect(try data.klai(["users", "list", "--role", "director"]).output == "0 people\n")
        let actions = try data.klai(["audit"]).output
        #expect(actions.contains("role.grant") && actions.contains("role.revoke") && actions.contains("user.add"), "\(actions)")

        let nobody = try data.klai(["users", "grant", "somchai", "director", "--school", Self.school])
        #expect(nobody.status == 1)
        #expect(nobody.errors.contains("no user named somchai"), "\(nobody.errors)")
    }

    @Test func eventsCheckOnANewLibraryFindsNothingToRepair() throws {
        let data = try DataFolder(school: nil)
        defer { data.remove() }
        let outcome = try data.klai(["events", "check"])
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.output == "0 events; summaries match\n")
    }

    @Test func learningCommandsWithoutALibrarySayWhereTheyLookedAndCreateNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("klai-cli-learning-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for arguments in [["users", "list"], ["schools", "list"], ["events", "check"], ["audit"]] {
            let outcome = try KlaiProcess.run(arguments + ["--data", folder.path])
            #expect(outcome.status == 1)
            #expect(outcome.errors.contains("no library at \(folder.path)"), "\(arguments): \(outcome.errors)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}

extension LearningCommandTests {
    /// A temporary data folder with an empty library and, when given, one registered school.
    struct DataFolder {
        let folder: URL

        init(school: String?) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("klai-cli-learning-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let created = try KlaiProcess.run(["demo", "--empty", "--data", folder.path], in: folder)
            guard created.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSDebugDescriptionErrorKey: created.errors]) }
            if let school {
                let added = try klai(["schools", "add", school, "โรงเรียนบ้านหนองบัว", "--area", "สพป.ขอนแก่น เขต 1"])
                guard added.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSDebugDescriptionErrorKey: added.errors]) }
            }
        }

        @discardableResult
        func write(_ name: String, _ bytes: [UInt8]) throws -> URL {
            let url = folder.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            return url
        }

        /// Runs `klai` on this data folder.
        func klai(_ arguments: [String]) throws -> KlaiProcess.Outcome {
            try KlaiProcess.run(arguments + ["--data", folder.path], in: folder)
        }

        /// Opens the library's database directly, between commands, as the web pages' code would.
        func withDatabase<T>(_ body: (Database) throws -> T) throws -> T {
            let db = try Database(path: folder.appendingPathComponent("Klai.sqlite").path)
            return try body(db)
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }
}
