import Foundation
import KlaiLearning
import KlaiStore

/// `klai schools add CODE NAME`: registers a school (or renames one).
enum SchoolsAddCommand: Command {
    static let spec = CommandSpec(
        name: ["schools", "add"], summary: "Add a school by its 10-digit code (or update its name and area).",
        arguments: "CODE NAME",
        options: LibraryLocation.options + [
            OptionSpec("area", value: "AREA", help: "Education service area office, e.g. สพป.ขอนแก่น เขต 1."),
            OptionSpec("picture-sign-in", value: "yes|no", help: "Allow picture passwords for อ.1–ป.3 at this school.")
        ],
        positionalCount: 2...2)

    static func run(_ invocation: Invocation) throws -> Int32 {
        guard let store = try LearningCommandSupport.openExisting(invocation, command: "schools add") else { return 1 }
        let (code, name) = (invocation.positionals[0], invocation.positionals[1])
        guard code.count == 10, code.allSatisfy(\.isNumber) else { throw UsageError(spec: spec, problem: "a school code has 10 digits") }
        let picture = invocation.value("picture-sign-in").map { ["yes", "y", "true", "1"].contains($0.lowercased()) }
        let id = try store.writeSync { db -> Int64 in
            let id = try Directory.addSchool(db, code: code, name: name, serviceArea: invocation.value("area") ?? "")
            if let picture { try Directory.setPictureSignIn(db, schoolID: id, allowed: picture, actor: nil) }
            return id
        }
        print("school \(code) \(name) (id \(id))")
        return 0
    }
}

/// `klai schools list`.
enum SchoolsListCommand: Command {
    static let spec = CommandSpec(
        name: ["schools", "list"], summary: "List schools with their classes and pupils.",
        options: LibraryLocation.options)

    static func run(_ invocation: Invocation) throws -> Int32 {
        guard let store = try LearningCommandSupport.openExisting(invocation, command: "schools list") else { return 1 }
        let rows = try store.readSync { db in
            try db.fetchAll(
                """
                SELECT s.code, s.name, s.service_area, s.picture_sign_in,
                    (SELECT count(*) FROM learning_class c WHERE c.school_id = s.id) AS classes,
                    (SELECT count(*) FROM learning_student st WHERE st.school_id = s.id AND st.is_active = 1) AS pupils
                FROM learning_school s ORDER BY s.code
                """)
        }
        if rows.isEmpty { print("no schools yet; add one with 'klai schools add CODE NAME'") }
        for row in rows {
            let picture = try row.get("picture_sign_in", as: Bool.self) ? ", picture sign-in" : ""
            print(
                "\(try row.get("code", as: String.self))  \(try row.get("name", as: String.self))  \(try row.get("service_area", as: String.self))"
                    + "  (\(try row.get("classes", as: Int.self)) classes, \(try row.get("pupils", as: Int.self)) pupils\(picture))")
        }
        return 0
    }
}
