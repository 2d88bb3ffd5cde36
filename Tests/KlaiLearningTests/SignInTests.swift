import Foundation
import KlaiStore
import Testing

@testable import KlaiLearning

@Suite struct SignInTests {
    /// Sign-in flows use few iterations explicitly; `CryptoTests` checks the real default.
    static var policy: SignInPolicy {
        var policy = SignInPolicy()
        policy.iterations = 1_000
        return policy
    }
    let t0 = Date(timeIntervalSince1970: 1_781_000_000)

    func setUp() throws -> (TemporaryLibrary, Accounts, school: Int64, teacher: Int64) {
        let library = try TemporaryLibrary()
        let accounts = Accounts(store: library.store, policy: Self.policy)
        let (school, teacher) = try library.store.writeSync { db in
            let school = try Directory.addSchool(db, code: "1012345678", name: "บ้านหนองบัว")
            let teacher = try Directory.addUser(
                db, username: "somsri", displayName: "ครูสมศรี",
                password: PasswordHash(password: "correct horse", iterations: 1_000),
                grants: [RoleGrant(.teacher, schoolID: school)])
            return (school, teacher)
        }
        return (library, accounts, school, teacher)
    }

    @Test func signInAuthenticatesUntilSignOutOrExpiry() throws {
        let (library, accounts, school, teacher) = try setUp()
        let session = try accounts.signIn(username: "SomSri", password: "correct horse", address: "10.0.0.5", now: t0)
        #expect(session.userID == teacher)
        let principal = try #require(try accounts.authenticate(session.token, now: t0.addingTimeInterval(60)))
        #expect(principal.grants == [RoleGrant(.teacher, schoolID: school)])
        // Only the hash of the token is stored.
        let stored = try library.store.readSync { db in try db.scalar("SELECT token_hash FROM learning_session", as: Data.self) }
        #expect(stored == session.token.storedHash && stored != Data(session.token.text.utf8))
        #expect(try accounts.authenticate(session.token, now: t0.addingTimeInterval(13 * 3600)) == nil)
        try accounts.signOut(session.token, now: t0.addingTimeInterval(120))
        #expect(try accounts.authenticate(session.token, now: t0.addingTimeInterval(180)) == nil)
        #expect(try accounts.authenticate(SessionToken.generate(), now: t0) == nil)
    }

    @Test func wrongPasswordAndUnknownUserGiveTheSameAnswer() throws {
        let (_, accounts, _, _) = try setUp()
        #expect(throws: Accounts.SignInError.wrongNameOrPassword) {
            try accounts.signIn(username: "somsri", password: "wrong horse", address: "10.0.0.5", now: t0)
        }
        #expect(throws: Accounts.SignInError.wrongNameOrPassword) {
            try accounts.signIn(username: "nobody", password: "wrong horse", address: "10.0.0.5", now: t0)
        }
    }

    @Test func aFirstPasswordOnlyLetsYouChangeIt() throws {
        let (library, accounts, school, teacher) = try setUp()
        _ = try accounts.resetPasswordAsOperator(username: "somsri", to: "first-pass-123", operatorName: "root", now: t0)
        let session = try accounts.signIn(username: "somsri", password: "first-pass-123", address: "a", now: t0)
        #expect(session.mustChangePassword)
        let principal = try #require(try accounts.authenticate(session.token, now: t0))
        #expect(principal.mustChangePassword)
        let ownAccount = try library.store.readSync { db in try Directory.accountTarget(db, userID: teacher) }
        #expect(!Authorization.may(principal, .view, .school(id: school)))
        #expect(!Authorization.may(principal, .playForClass, .classroom(id: 1, schoolID: school)))
        #expect(!Authorization.may(principal, .postEvents, .student(userID: teacher, schoolID: school, classIDs: [])))
        #expect(Authorization.may(principal, .changePassword, ownAccount))
        #expect(!Authorization.may(principal, .changePassword, .account(userID: 999, schoolIDs: [school], roles: [.student], classIDs: [])))
        // Even an admin with a first password may do nothing else.
        let freshAdmin = Principal(userID: 1_000, grants: [RoleGrant(.admin)], mustChangePassword: true)
        #expect(!Authorization.may(freshAdmin, .viewAudit, .system))
        try accounts.changePassword(
            userID: teacher, current: "first-pass-123", new: "battery staple", keeping: session.token,
            address: "a", now: t0)
        let after = try #require(try accounts.authenticate(session.token, now: t0))
        #expect(!after.mustChangePassword && Authorization.may(after, .view, .school(id: school)))
    }

    @Test func pruningRemovesExpiredSessionsAndOldFailuresOnly() throws {
        let (library, accounts, _, _) = try setUp()
        let old = try accounts.signIn(username: "somsri", password: "correct horse", address: "a", now: t0)
        _ = try? accounts.signIn(username: "somsri", password: "wrong", address: "b", now: t0)
        let later = t0.addingTimeInterval(13 * 3600)
        let fresh = try accounts.signIn(username: "somsri", password: "correct horse", address: "a", now: later)
        _ = try? accounts.signIn(username: "somsri", password: "wrong", address: "c", now: later)
        let removed = try accounts.prune(now: t0.addingTimeInterval(24.5 * 3600))
        #expect(removed.sessions == 1 && removed.failures == 1)
        let sessions = try library.store.readSync { db in try db.scalar("SELECT count(*) FROM learning_session", as: Int.self) }
        #expect(sessions == 1)
        #expect(try accounts.authenticate(old.token, now: t0) == nil)
        #expect(try accounts.authenticate(fresh.token, now: later) != nil)
        let failures = try library.store.readSync { db in
            try db.fetchAll("SELECT address FROM learning_sign_in_failure").map { try $0.get(0, as: String.self) }
        }
        #expect(failures == ["c"])
    }

    @Test func passwordChangeEndsOtherSessions() throws {
        let (_, accounts, _, teacher) = try setUp()
        let phone = try accounts.signIn(username: "somsri", password: "correct horse", address: "a", now: t0)
        let laptop = try accounts.signIn(username: "somsri", password: "correct horse", address: "b", now: t0)
        #expect(throws: Accounts.SignInError.wrongNameOrPassword) {
            try accounts.changePassword(userID: teacher, current: "wrong", new: "battery staple", now: t0)
        }
        #expect(throws: LearningError.self) {
            try accounts.changePassword(userID: teacher, current: "correct horse", new: "short", now: t0)
        }
        try accounts.changePassword(userID: teacher, current: "correct horse", new: "battery staple", keeping: laptop.token, now: t0)
        #expect(try accounts.authenticate(phone.token, now: t0) == nil)
        #expect(try accounts.authenticate(laptop.token, now: t0) != nil)
        #expect(throws: Accounts.SignInError.self) {
            try accounts.signIn(username: "somsri", password: "correct horse", address: "a", now: t0)
        }
        #expect(try accounts.signIn(username: "somsri", password: "battery staple", address: "a", now: t0).mustChangePassword == false)
    }

    @Test func adminResetForcesAChangeAndIsAudited() throws {
        let (library, accounts, school, teacher) = try setUp()
        let admin = Principal(userID: 1_000, grants: [RoleGrant(.admin)])
        let otherTeacher = Principal(userID: 1_001, grants: [RoleGrant(.teacher, schoolID: school)])
        let before = try accounts.signIn(username: "somsri", password: "correct horse", address: "a", now: t0)
        #expect(throws: LearningError.self) {
            try accounts.resetPassword(by: otherTeacher, userID: teacher, to: "temporary-123", now: t0)
        }
        try library.store.writeSync { db in
            try db.execute("INSERT INTO learning_user (id, username, display_name, created_at) VALUES (1000, 'ict', 'ICT', ?)", [Date()])
        }
        try accounts.resetPassword(by: admin, userID: teacher, to: "temporary-123", now: t0)
        #expect(try accounts.authenticate(before.token, now: t0) == nil)
        #expect(try accounts.signIn(username: "somsri", password: "temporary-123", address: "a", now: t0).mustChangePassword)
        let audit = try library.store.readSync { db in try AuditLog.recent(db, action: "password.reset") }
        #expect(audit.count == 1 && audit[0].actorUserID == 1_000 && audit[0].target == "user:\(teacher)")
        #expect(!(audit[0].detail + audit[0].target).contains("temporary-123"))
    }

    @Test func weakerStoredHashesAreUpgradedAtSignIn() throws {
        let (library, _, _, teacher) = try setUp()
        var stronger = Self.policy
        stronger.iterations = 2_000
        _ = try Accounts(store: library.store, policy: stronger).signIn(username: "somsri", password: "correct horse", address: "a", now: t0)
        let stored = try library.store.readSync { db in
            try db.scalar("SELECT password_hash FROM learning_user WHERE id = ?", [teacher], as: String.self)
        }
        #expect(stored.flatMap(PasswordHash.init(stored:))?.iterations == 2_000)
    }

    @Test func picturePasswordOnlyForEarlyYearsAtSchoolsThatAllowIt() throws {
        let (library, accounts, school, teacher) = try setUp()
        let (p2, p5, pupil) = try library.store.writeSync { db in
            let p2 = try Directory.classID(db, schoolID: school, year: 2569, grade: Grade(parsing: "ป.2")!, room: 1)
            let p5 = try Directory.classID(db, schoolID: school, year: 2569, grade: Grade(parsing: "ป.5")!, room: 1)
            try Directory.assignTeacher(db, userID: teacher, classID: p2)
            let pupil = try Directory.addUser(
                db, username: "p2-01", displayName: "ด.ญ. ใบเตย", password: nil,
                grants: [RoleGrant(.student, schoolID: school)])
            try db.execute(
                """
                INSERT INTO learning_student (user_id, school_id, student_number, national_id, first_name, last_name)
                VALUES (?, ?, '0101', 'G000000000001', 'ใบเตย', 'สีเขียว')
                """, [pupil, school])
            try db.execute(
                "INSERT INTO learning_class_member (student_id, class_id, academic_year, joined_at) VALUES (?, ?, 2569, ?)",
                [pupil, p2, Date()])
            return (p2, p5, pupil)
        }
        let teacherPrincipal = try #require(try library.store.readSync { db in try Principal.load(db, userID: teacher) })
        try accounts.setPicturePassword(by: teacherPrincipal, userID: pupil, pictures: [3, 14, 0, 7], now: t0)
        // Not allowed by the school yet: no list, no sign-in.
        #expect(try accounts.pictureSignInList(classID: p2).isEmpty)
        #expect(throws: Accounts.SignInError.self) {
            try accounts.signInWithPicture(userID: pupil, pictures: [3, 14, 0, 7], address: "a", now: t0)
        }
        try library.store.writeSync { db in try Directory.setPictureSignIn(db, schoolID: school, allowed: true, actor: teacher) }
        #expect(try accounts.pictureSignInList(classID: p2) == [.init(userID: pupil, shownName: "ใบเตย ส.")])
        #expect(try accounts.pictureSignInList(classID: p5).isEmpty)
        #expect(throws: Accounts.SignInError.wrongNameOrPassword) {
            try accounts.signInWithPicture(userID: pupil, pictures: [3, 14, 7, 0], address: "a", now: t0)
        }
        #expect(try accounts.signInWithPicture(userID: pupil, pictures: [3, 14, 0, 7], address: "a", now: t0).userID == pupil)
        #expect(throws: LearningError.self) { try accounts.signInWithPicture(userID: pupil, pictures: [3, 16, 0, 7], address: "a") }
        // Moved up to ป.5: the old picture password no longer opens the account.
        try library.store.writeSync { db in
            try db.execute("UPDATE learning_class_member SET class_id = ? WHERE student_id = ?", [p5, pupil])
        }
        #expect(throws: Accounts.SignInError.wrongNameOrPassword) {
            try accounts.signInWithPicture(userID: pupil, pictures: [3, 14, 0, 7], address: "b", now: t0)
        }
    }
}
