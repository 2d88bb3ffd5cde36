import CSQLite

/// An error reported by SQLite, with the statement that caused it.
///
/// Bound values are hidden from `description` by default, because they may hold personal data
/// (national IDs, names); `Store.Configuration.publicStatementArguments` shows them while debugging.
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    /// The extended result code (https://sqlite.org/rescode.html).
    public let extendedResultCode: Int32
    /// SQLite's message for the error.
    public let message: String
    /// The SQL being run, when there was one.
    public let sql: String?
    /// The bound values; nil unless the configuration makes them public.
    public let arguments: [DatabaseValue]?

    public init(extendedResultCode: Int32, message: String, sql: String? = nil, arguments: [DatabaseValue]? = nil) {
        self.extendedResultCode = extendedResultCode
        self.message = message
        self.sql = sql
        self.arguments = arguments
    }

    /// The primary result code (`SQLITE_CONSTRAINT`, `SQLITE_BUSY`, ...).
    public var resultCode: Int32 { extendedResultCode & 0xFF }

    /// What kind of failure this is, for callers that react differently to each.
    public var kind: Kind {
        // Extended codes are `SQLITE_CONSTRAINT | (n << 8)` macros Swift cannot import (sqlite3.h).
        if resultCode == SQLITE_CONSTRAINT {
            switch extendedResultCode >> 8 {
            case 8, 6: return .uniqueConstraint  // UNIQUE, PRIMARYKEY
            case 3: return .foreignKeyConstraint
            case 5: return .notNullConstraint
            case 1: return .checkConstraint
            default: return .otherConstraint
            }
        }
        switch resultCode {
        case SQLITE_CONSTRAINT: return .otherConstraint
        case SQLITE_BUSY, SQLITE_LOCKED: return .busy
        case SQLITE_CORRUPT, SQLITE_NOTADB: return .corrupt
        case SQLITE_FULL: return .diskFull
        case SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN, SQLITE_IOERR: return .access
        default: return .other
        }
    }

    /// Kinds of failure callers commonly distinguish.
    public enum Kind: Sendable, Equatable {
        case uniqueConstraint, foreignKeyConstraint, notNullConstraint, checkConstraint, otherConstraint
        case busy, corrupt, diskFull, access, other
    }

    /// True for any constraint violation (unique, foreign key, not null, check).
    public var isConstraintViolation: Bool { resultCode == SQLITE_CONSTRAINT }

    public var description: String {
        var text = "SQLite error \(extendedResultCode): \(message)"
        if let sql { text += " — while running: \(sql)" }
        if let arguments { text += " with arguments [\(arguments.map(\.description).joined(separator: ", "))]" }
        return text
    }
}
