import Foundation

/// A value as SQLite stores it: one of its five storage classes.
///
/// See https://sqlite.org/datatype3.html (storage classes).
public enum DatabaseValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)

    /// True for SQL NULL.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension DatabaseValue: CustomStringConvertible {
    public var description: String {
        switch self {
        case .null: return "NULL"
        case .integer(let value): return String(value)
        case .real(let value): return String(value)
        case .text(let value): return "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
        case .blob(let value): return "<\(value.count) bytes>"
        }
    }
}

/// A Swift type that can be bound to a statement parameter and read back from a column.
public protocol DatabaseValueConvertible: Sendable {
    /// The value to bind.
    var databaseValue: DatabaseValue { get }
    /// The Swift value for a stored value, or nil when the stored value does not convert.
    static func fromDatabaseValue(_ value: DatabaseValue) -> Self?
    /// Binds the value to a statement parameter; the common types bind directly, skipping `DatabaseValue`.
    func bind(to statement: Statement, at index: Int32) throws(DatabaseError)
}

extension DatabaseValueConvertible {
    public func bind(to statement: Statement, at index: Int32) throws(DatabaseError) {
        try statement.bind(databaseValue, at: index)
    }
}

extension DatabaseValue: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { self }
    public static func fromDatabaseValue(_ value: DatabaseValue) -> DatabaseValue? { value }
}
