import Foundation
import KlaiStore

/// Who did what, when: every privileged action (role change, roster import, national-ID view,
/// password reset, export) is recorded in the same transaction as the action itself (PDPA: access to
/// personal data is controlled and audited). Entries never hold a national ID or a password.
public enum AuditLog {
    /// One recorded action.
    public struct Entry: Sendable, Equatable {
        public var at: Date
        public var actorUserID: Int64?
        public var action: String
        public var target: String
        public var detail: String
    }

    /// Records an action; call inside the transaction that performs it.
    public static func record(
        _ db: Database, actor: Int64?, action: String, target: String, detail: String = "",
        at: Date = Date()
    ) throws {
        try db.execute(
            "INSERT INTO learning_audit (at, actor_user_id, action, target, detail) VALUES (?, ?, ?, ?, ?)",
            [at, actor, action, target, detail])
    }

    /// The most recent entries, newest first.
    public static func recent(_ db: Database, limit: Int = 100, action: String? = nil) throws -> [Entry] {
        try db.fetchAll(
            """
            SELECT at, actor_user_id, action, target, detail FROM learning_audit
            WHERE ?1 IS NULL OR action = ?1 ORDER BY id DESC LIMIT ?2
            """, [action, limit]
        ).map { row in
            Entry(
                at: try row.get("at"), actorUserID: try row.get("actor_user_id"), action: try row.get("action"),
                target: try row.get("target"), detail: try row.get("detail"))
        }
    }
}
