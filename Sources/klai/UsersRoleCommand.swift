import Foundation
import KlaiLearning
import KlaiStore

/// `klai users grant|revoke USERNAME ROLE [--school CODE]`.
enum UsersRoleCommand {
    static func change(_ invocation: Invocation, spec: CommandSpec, grant: Bool) throws -> Int32 {
        let role = try LearningCommandSupport.role(invocation.positionals[1], spec: spec)
        let code = invocation.value("school")
        if role != .admin && code == nil { throw UsageError(spec: spec, problem: "--school CODE is required for the \(role.rawValue) role") }
        guard let store = try LearningCommandSupport.openExisting(invocation, command: spec.fullName) else { return 1 }
        let username = invocation.positionals[0]
        let operatorName = LearningCommandSupport.operatorName
        try store.writeSync { db in
            guard let userID = try Directory.userID(db, username: username) else { throw LearningError.notFound("no user named \(username)") }
            let school = try code.map { try LearningCommandSupport.school(db, code: $0, spec: spec) }
            let roleGrant = RoleGrant(role, schoolID: school)
            if grant {
                try Directory.grant(db, userID: userID, roleGrant, actor: nil)
            } else {
                try Directory.revoke(db, userID: userID, roleGrant, actor: nil)
            }
            try AuditLog.record(
                db, actor: nil, action: grant ? "role.grant.operator" : "role.revoke.operator",
                target: "user:\(userID)", detail: "\(roleGrant) by \(operatorName)")
        }
        print("\(grant ? "granted" : "revoked") \(role.rawValue)\(code.map { " at \($0)" } ?? "") \(grant ? "to" : "from") \(username)")
        return 0
    }
}

enum UsersGrantCommand: Command {
    static let spec = CommandSpec(
        name: ["users", "grant"], summary: "Give someone a role (at a school).", arguments: "USERNAME ROLE",
        options: LibraryLocation.options + [OptionSpec("school", value: "CODE", help: "The school the role applies to.")],
        positionalCount: 2...2)
    static func run(_ invocation: Invocation) throws -> Int32 { try UsersRoleCommand.change(invocation, spec: spec, grant: true) }
}

enum UsersRevokeCommand: Command {
    static let spec = CommandSpec(
        name: ["users", "revoke"], summary: "Take a role away.", arguments: "USERNAME ROLE",
        options: LibraryLocation.options + [OptionSpec("school", value: "CODE", help: "The school the role applies to.")],
        positionalCount: 2...2)
    static func run(_ invocation: Invocation) throws -> Int32 { try UsersRoleCommand.change(invocation, spec: spec, grant: false) }
}
