import Foundation

/// One result row, copied out of the statement, readable by column name or index.
public struct Row: Sendable {
    /// Column names, shared by every row of one query.
    public let columnNames: [String]
    /// Values in column order.
    public let values: [DatabaseValue]
    let sql: String

    init(statement: Statement) {
        self.columnNames = statement.columnNames
        let count = statement.columnNames.count
        self.values = Array(unsafeUninitializedCapacity: count) { buffer, initialized in
            for column in 0..<count {
                (buffer.baseAddress! + column).initialize(to: statement.value(at: Int32(column)))
            }
            initialized = count
        }
        self.sql = statement.sql
    }

    /// The raw value of a column by name; `.null` when there is no such column.
    public subscript(_ name: String) -> DatabaseValue {
        guard let index = index(of: name) else { return .null }
        return values[index]
    }

    /// The raw value of a column by index.
    public subscript(_ index: Int) -> DatabaseValue { values[index] }

    /// The converted value of a column.
    /// - Throws: `RowDecodingError` when the column is missing, NULL (for a non-optional type) or not convertible.
    public func get<T: DatabaseValueConvertible>(_ name: String, as type: T.Type = T.self) throws(RowDecodingError) -> T {
        guard let index = index(of: name) else { throw RowDecodingError(column: name, problem: "no such column", sql: sql) }
        return try get(index, column: name)
    }

    /// The converted value of a column by index.
    public func get<T: DatabaseValueConvertible>(_ index: Int, as type: T.Type = T.self) throws(RowDecodingError) -> T {
        try get(index, column: index < columnNames.count ? columnNames[index] : "#\(index)")
    }

    private func get<T: DatabaseValueConvertible>(_ index: Int, column: String) throws(RowDecodingError) -> T {
        guard index < values.count else { throw RowDecodingError(column: column, problem: "no such column", sql: sql) }
        guard let value = T.fromDatabaseValue(values[index]) else {
            let problem = values[index].isNull ? "is NULL" : "holds \(values[index]) which is not a \(T.self)"
            throw RowDecodingError(column: column, problem: problem, sql: sql)
        }
        return value
    }

    private func index(of name: String) -> Int? {
        columnNames.firstIndex(of: name) ?? columnNames.firstIndex { $0.caseInsensitiveCompare(name) == .orderedSame }
    }
}

/// A column could not be read as the requested type.
public struct RowDecodingError: Error, Sendable, CustomStringConvertible {
    public let column: String
    public let problem: String
    public let sql: String
    public var description: String { "column \(column) \(problem) — in: \(sql)" }
}
