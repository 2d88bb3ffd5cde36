import Foundation

extension Int64: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { .integer(self) }
    @inlinable
    public func bind(to statement: Statement, at index: Int32) throws(DatabaseError) { try statement.bind(self, at: index) }
    public static func fromDatabaseValue(_ value: DatabaseValue) -> Int64? {
        switch value {
        case .integer(let int): return int
        case .real(let double): return Int64(exactly: double)
        default: return nil
        }
    }
}

extension Int: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { .integer(Int64(self)) }
    @inlinable
    public func bind(to statement: Statement, at index: Int32) throws(DatabaseError) {
        try statement.bind(Int64(self), at: index)
    }
    public static func fromDatabaseValue(_ value: DatabaseValue) -> Int? {
        Int64.fromDatabaseValue(value).flatMap { Int(exactly: $0) }
    }
}

extension Int32: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { .integer(Int64(self)) }
    public static func fromDatabaseValue(_ value: DatabaseValue) -> Int32? {
        Int64.fromDatabaseValue(value).flatMap { Int32(exactly: $0) }
    }
}

extension Double: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { .real(self) }
    @inlinable
    public func bind(to statement: Statement, at index: Int32) throws(DatabaseError) { try statement.bind(self, at: index) }
    public static func fromDatabaseValue(_ value: DatabaseValue) -> Double? {
        switch value {
        case .integer(let int): return Double(int)
        case .real(let double): return double
        default: return nil
        }
    }
}

extension Bool: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { .integer(self ? 1 : 0) }
    public static func fromDatabaseValue(_ value: DatabaseValue) -> Bool? {
        switch value {
        case .integer(let int): return int != 0
        case .real(let double): return double != 0
        default: return nil
        }
    }
}

extension String: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { .text(self) }
    @inlinable
    public func bind(to statement: Statement, at index: Int32) throws(DatabaseError) { try statement.bind(self, at: index) }
    public static func fromDatabaseValue(_ value: DatabaseValue) -> String? {
        switch value {
        case .text(let text): return text
        case .integer(let int): return String(int)
        case .real(let double): return String(double)
        case .blob(let data): return String(data: data, encoding: .utf8)
        case .null: return nil
        }
    }
}

extension Data: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { .blob(self) }
    public static func fromDatabaseValue(_ value: DatabaseValue) -> Data? {
        switch value {
        case .blob(let data): return data
        case .text(let text): return Data(text.utf8)
        default: return nil
        }
    }
}

extension UUID: DatabaseValueConvertible {
    /// Stored as canonical lowercase text so it reads well in the sqlite3 shell.
    public var databaseValue: DatabaseValue { .text(uuidString.lowercased()) }
    public static func fromDatabaseValue(_ value: DatabaseValue) -> UUID? {
        guard case .text(let text) = value else { return nil }
        return UUID(uuidString: text)
    }
}

/// Dates are stored as ISO-8601 UTC text with milliseconds (`2026-06-12T01:30:00.000Z`), which sorts
/// correctly and reads well; integers and reals are read as Unix time, for columns written that way.
extension Date: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { .text(ISO8601Timestamp.format(self)) }
    public static func fromDatabaseValue(_ value: DatabaseValue) -> Date? {
        switch value {
        case .text(let text): return ISO8601Timestamp.parse(text)
        case .integer(let seconds): return Date(timeIntervalSince1970: TimeInterval(seconds))
        case .real(let seconds): return Date(timeIntervalSince1970: seconds)
        default: return nil
        }
    }
}

/// A date bound as Unix time (seconds, a real number), for columns that do arithmetic on time.
public struct UnixTime: DatabaseValueConvertible, Hashable {
    public var date: Date
    public init(_ date: Date) { self.date = date }
    public var databaseValue: DatabaseValue { .real(date.timeIntervalSince1970) }
    public static func fromDatabaseValue(_ value: DatabaseValue) -> UnixTime? {
        Date.fromDatabaseValue(value).map(UnixTime.init)
    }
}

extension Optional: DatabaseValueConvertible where Wrapped: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { self?.databaseValue ?? .null }
    public static func fromDatabaseValue(_ value: DatabaseValue) -> Wrapped?? {
        if case .null = value { return .some(nil) }
        return Wrapped.fromDatabaseValue(value).map { .some($0) }
    }
}
