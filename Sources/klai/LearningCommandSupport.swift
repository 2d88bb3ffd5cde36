import Foundation
import KlaiLearning
import KlaiStore

/// Shared by the people-and-learning commands (`roster`, `users`, `schools`, `events`, `audit`).
enum LearningCommandSupport {
    /// The library's store; fails with a sentence when there is no library yet.
    static func openExisting(_ invocation: Invocation, command: String) throws -> Store? {
        let library = LibraryLocation(invocation)
        guard library.existsOrExplain(for: command) else { return nil }
        return try library.open()
    }

    /// Who is at the terminal, for audit entries of command-line actions.
    static var operatorName: String {
        "unix:" + (ProcessInfo.processInfo.environment["SUDO_USER"] ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown")
    }

    /// The school with `code`, or a usage error naming the codes that exist.
    static func school(_ db: Database, code: String, spec: CommandSpec) throws -> Int64 {
        if let id = try Directory.schoolID(db, code: code) { return id }
        let known = try db.fetchAll("SELECT code FROM learning_school ORDER BY code LIMIT 10").map { try $0.get(0, as: String.self) }
        throw UsageError(
            spec: spec,
            problem: "no school with code \(code)"
                + (known.isEmpty ? "; add it with 'klai schools add CODE NAME'" : " (known: \(known.joined(separator: ", ")))"))
    }

    /// Parses `admin`, `supervisor`, `director`, `teacher`, `student` (Thai names too).
    static func role(_ text: String, spec: CommandSpec) throws -> Role {
        let thai: [String: Role] = ["ผู้ดูแลระบบ": .admin, "ศึกษานิเทศก์": .supervisor, "ผู้บริหาร": .director, "ครู": .teacher, "นักเรียน": .student]
        guard let role = Role(rawValue: text.lowercased()) ?? thai[text] else {
            throw UsageError(spec: spec, problem: "unknown role '\(text)' (admin, supervisor, director, teacher, student)")
        }
        return role
    }

}
