import Foundation
import KlaiCatalog
import KlaiLearning
import KlaiStore

/// `klai users add USERNAME --name NAME --role ROLE --school CODE`.
enum UsersAddCommand: Command {
    static let spec = CommandSpec(
        name: ["users", "add"], summary: "Add a person who signs in with a password; prints a first password.",
        arguments: "USERNAME",
        discussion: """
            Roles: admin, supervisor (give --school once per school in scope), director, teacher, student.
            A first password is generated and printed once; the person must change it at first sign-in.
            Pupils are usually added by 'klai roster import' instead.
            """,
        options: LibraryLocation.options + [
            OptionSpec("name", value: "NAME", help: "Name shown in Klai, e.g. ครูสมศรี ใจดี."),
            OptionSpec("role", value: "ROLE", help: "A role to give (repeatable).", repeatable: true),
            OptionSpec("school", value: "CODE", help: "School the roles apply to (repeatable for supervisors).", repeatable: true),
            OptionSpec("class", value: "GRADE/ROOM", help: "A class a teacher teaches, e.g. ป.4/1 (repeatable, this year).", repeatable: true),
            OptionSpec(
                "year", value: "YEAR", help: "Academic year for --class, Buddhist (2569) or Gregorian (2026).",
                default: "the academic year running today")
        ],
        positionalCount: 1...1)

    static func run(_ invocation: Invocation) throws -> Int32 {
        guard let name = invocation.value("name") else { throw UsageError(spec: spec, problem: "--name NAME is required") }
        let roles = try invocation.allValues("role").map { try LearningCommandSupport.role($0, spec: spec) }
        let codes = invocation.allValues("school")
        if roles.contains(where: { $0 != .admin }) && codes.isEmpty {
            throw UsageError(
                spec: spec, problem: "--school CODE is required for the \(roles.filter { $0 != .admin }.map(\.rawValue).joined(separator: ", ")) role")
        }
        guard let store = try LearningCommandSupport.openExisting(invocation, command: "users add") else { return 1 }
        let password = Accounts.temporaryPassword()
        let hash = PasswordHash(password: password)
        // Buddhist (2569) or Gregorian (2026), as `roster import` takes it; by default the academic year running today.
        let given = try invocation.integer("year", in: 2000...3000)
        let year = given.map { $0 < 2400 ? $0 + 543 : $0 } ?? LocalDate(Date()).academicYear
        let username = invocation.positionals[0]
        let operatorName = LearningCommandSupport.operatorName
        let id = try store.writeSync { db -> Int64 in
            let schools = try codes.map { try LearningCommandSupport.school(db, code: $0, spec: spec) }
            var grants: [RoleGrant] = []
            for role in roles {
                grants += role == .admin ? [RoleGrant(.admin)] : schools.map { RoleGrant(role, schoolID: $0) }
            }
            let id = try Directory.addUser(db, username: username, displayName: name, password: hash, grants: grants)
            try db.execute("UPDATE learning_user SET must_change_password = 1 WHERE id = ?", [id])
            for text in invocation.allValues("class") {
                let parts = text.split(separator: "/")
                guard parts.count == 2, let grade = Grade(parsing: String(parts[0])), let room = Int(parts[1]), let school = schools.first else {
                    throw UsageError(spec: spec, problem: "--class takes GRADE/ROOM like ป.4/1, not '\(text)'")
                }
                try Directory.assignTeacher(db, userID: id, classID: try Directory.classID(db, schoolID: school, year: year, grade: grade, room: room))
            }
            try AuditLog.record(db, actor: nil, action: "user.add.operator", target: "user:\(id)", detail: operatorName)
            return id
        }
        print("added \(username) (id \(id)); first password: \(password)")
        print("(shown once; \(name) must change it at first sign-in)")
        return 0
    }
}

/// `klai users list`.
enum UsersListCommand: Command {
    static let spec = CommandSpec(
        name: ["users", "list"], summary: "List people and their roles.",
        options: LibraryLocation.options + [
            OptionSpec("school", value: "CODE", help: "Only people with a role at this school."),
            OptionSpec("role", value: "ROLE", help: "Only people holding this role."),
            OptionSpec("inactive", help: "Include people who left (inactive).")
        ])

    static func run(_ invocation: Invocation) throws -> Int32 {
        let role = try invocation.value("role").map { try LearningCommandSupport.role($0, spec: spec) }
        guard let store = try LearningCommandSupport.openExisting(invocation, command: "users list") else { return 1 }
        let rows = try store.readSync { db -> [Row] in
            let school = try invocation.value("school").map { try LearningCommandSupport.school(db, code: $0, spec: spec) }
            return try db.fetchAll(
                """
                SELECT u.id, u.username, u.display_name, u.is_active, u.password_hash IS NOT NULL AS has_password,
                    (SELECT group_concat(r.role || coalesce('@' || s.code, ''), ' ') FROM learning_role r
                     LEFT JOIN learning_school s ON s.id = r.school_id WHERE r.user_id = u.id) AS roles
                FROM learning_user u
                WHERE (?1 IS NULL OR EXISTS (SELECT 1 FROM learning_role r WHERE r.user_id = u.id AND r.school_id = ?1))
                  AND (?2 IS NULL OR EXISTS (SELECT 1 FROM learning_role r WHERE r.user_id = u.id AND r.role = ?2))
                  AND (u.is_active = 1 OR ?3)
                ORDER BY u.username
                """, [school, role?.rawValue, invocation.flag("inactive")])
        }
        for row in rows {
            let inactive = try row.get("is_active", as: Bool.self) ? "" : "  (inactive)"
            let password = try row.get("has_password", as: Bool.self) ? "" : "  (no password yet)"
            print(
                "\(try row.get("username", as: String.self))  \(try row.get("display_name", as: String.self))  "
                    + "[\(try row.get("roles", as: String?.self) ?? "")]\(inactive)\(password)")
        }
        print("\(rows.count) people")
        return 0
    }
}

/// `klai users reset-password USERNAME`.
enum UsersResetPasswordCommand: Command {
    static let spec = CommandSpec(
        name: ["users", "reset-password"], summary: "Give someone a new password (printed once; they must change it).",
        arguments: "USERNAME", discussion: "Signs the person out everywhere and clears failed-sign-in throttling.",
        options: LibraryLocation.options, positionalCount: 1...1)

    static func run(_ invocation: Invocation) throws -> Int32 {
        guard let store = try LearningCommandSupport.openExisting(invocation, command: "users reset-password") else { return 1 }
        let password = Accounts.temporaryPassword()
        _ = try Accounts(store: store).resetPasswordAsOperator(
            username: invocation.positionals[0], to: password,
            operatorName: LearningCommandSupport.operatorName)
        print("new password for \(invocation.positionals[0]): \(password)  (shown once; must be changed at next sign-in)")
        return 0
    }
}
