import Foundation
import KlaiLearning
import KlaiStore

/// `klai events check`: recompute progress and usage from the stored playback events and compare.
enum EventsCheckCommand: Command {
    static let spec = CommandSpec(
        name: ["events", "check"], summary: "Check that progress and usage summaries equal what the stored events say.",
        discussion: "Reads every playback event; safe while Klai runs (it uses a read-only snapshot).",
        options: LibraryLocation.options)

    static func run(_ invocation: Invocation) throws -> Int32 {
        guard let store = try LearningCommandSupport.openExisting(invocation, command: "events check") else { return 1 }
        let (events, problems) = try store.readSync { db in
            (try db.scalar("SELECT count(*) FROM learning_event", as: Int.self) ?? 0, try PlaybackRecomputation.differences(db))
        }
        for problem in problems.prefix(50) { print(problem) }
        print("\(events) events; \(problems.isEmpty ? "summaries match" : "\(problems.count) differences")")
        return problems.isEmpty ? 0 : 1
    }
}

/// `klai audit`: the latest privileged actions.
enum AuditCommand: Command {
    static let spec = CommandSpec(
        name: ["audit"], summary: "Show the audit log of privileged actions (newest first).",
        options: LibraryLocation.options + [
            OptionSpec("limit", value: "N", help: "How many entries.", default: "50"),
            OptionSpec("action", value: "ACTION", help: "Only this action, e.g. roster.import or national-id.view.")
        ])

    static func run(_ invocation: Invocation) throws -> Int32 {
        let limit = try invocation.integer("limit", in: 1...100_000) ?? 50
        guard let store = try LearningCommandSupport.openExisting(invocation, command: "audit") else { return 1 }
        let entries = try store.readSync { db in try AuditLog.recent(db, limit: limit, action: invocation.value("action")) }
        for entry in entries {
            print("\(entry.at)  \(entry.actorUserID.map { "user:\($0)" } ?? "terminal")  \(entry.action)  \(entry.target)  \(entry.detail)")
        }
        return 0
    }
}
