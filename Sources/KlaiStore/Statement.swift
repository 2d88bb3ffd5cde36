import CSQLite
import Foundation

/// A prepared SQLite statement, finalized when released.
///
/// Statements belong to the `Database` that prepared them and share its thread confinement.
public final class Statement {
    @usableFromInline let handle: OpaquePointer
    /// The connection's handle, for error messages; the statement never outlives its `Database`'s use.
    private let connection: OpaquePointer
    @usableFromInline let publicArguments: Bool
    /// Number of `?` parameters.
    public let parameterCount: Int
    /// The SQL text, for error messages.
    public let sql: String
    /// Column names of the result, in order.
    public let columnNames: [String]
    private lazy var columnIndexes: [String: Int32] = {
        var indexes: [String: Int32] = [:]
        for (index, name) in columnNames.enumerated() where indexes[name] == nil {
            indexes[name] = Int32(index)
            indexes[name.lowercased()] = indexes[name.lowercased()] ?? Int32(index)
        }
        return indexes
    }()
    private var boundArguments: [DatabaseValue] = []
    /// True after a step, until the next reset: binding then needs a reset first.
    private var isActive = false

    init(database: Database, sql: String) throws(DatabaseError) {
        var statement: OpaquePointer?
        // The tail points into the C string, so it is read while that string is alive: a Swift String passed
        // directly is bridged to a temporary buffer freed when the call returns.
        let (code, hasMoreStatements) = sql.withCString { text -> (Int32, Bool) in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v3(database.handle, text, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, &tail)
            let rest = tail.map { String(cString: $0) } ?? ""
            return (code, !rest.allSatisfy({ $0.isWhitespace || $0 == ";" }))
        }
        guard code == SQLITE_OK, let statement else {
            throw database.error(code: code, sql: sql)
        }
        if hasMoreStatements {
            sqlite3_finalize(statement)
            throw DatabaseError(
                extendedResultCode: SQLITE_MISUSE, message: "more than one statement; use executeScript", sql: sql)
        }
        self.handle = statement
        self.connection = database.handle
        self.publicArguments = database.publicArguments
        self.parameterCount = Int(sqlite3_bind_parameter_count(statement))
        self.sql = sql
        let count = sqlite3_column_count(statement)
        self.columnNames = (0..<count).map { String(cString: sqlite3_column_name(statement, $0)) }
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Resets the statement and binds `arguments` to its parameters, in order.
    /// - Throws: `DatabaseError` when the count does not match or a value cannot be bound.
    public func bind(_ arguments: [(any DatabaseValueConvertible)?]) throws(DatabaseError) {
        prepareForBinding()
        guard arguments.count == parameterCount else {
            throw DatabaseError(
                extendedResultCode: SQLITE_RANGE,
                message: "\(arguments.count) arguments for \(parameterCount) parameters", sql: sql)
        }
        if publicArguments { boundArguments.removeAll(keepingCapacity: true) }
        if publicArguments {
            for (offset, argument) in arguments.enumerated() {
                try bind(argument?.databaseValue ?? .null, at: Int32(offset + 1))
            }
            return
        }
        // Indexing in place lets each element bind itself without copying the existential out.
        for offset in arguments.indices {
            let index = Int32(offset + 1)
            if try arguments[offset]?.bind(to: self, at: index) == nil {
                try check(sqlite3_bind_null(handle, index))
            }
        }
    }

    /// Binds one value to the 1-based parameter `index` without resetting.
    public func bind(_ value: DatabaseValue, at index: Int32) throws(DatabaseError) {
        let code: Int32
        switch value {
        case .null: code = sqlite3_bind_null(handle, index)
        case .integer(let int): code = sqlite3_bind_int64(handle, index, int)
        case .real(let double): code = sqlite3_bind_double(handle, index, double)
        case .text(let text):
            if publicArguments { boundArguments.append(value) }
            return try bind(text, at: index)
        case .blob(let data):
            code = data.withUnsafeBytes { bytes in
                sqlite3_bind_blob(
                    handle, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count),
                    klai_sqlite_transient())
            }
        }
        if publicArguments { boundArguments.append(value) }
        try check(code)
    }

    /// Binds an integer without going through `DatabaseValue`.
    @inlinable
    public func bind(_ value: Int64, at index: Int32) throws(DatabaseError) {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    /// Binds a real without going through `DatabaseValue`.
    @inlinable
    public func bind(_ value: Double, at index: Int32) throws(DatabaseError) {
        try check(sqlite3_bind_double(handle, index, value))
    }

    /// Binds text without going through `DatabaseValue` (SQLite copies the bytes).
    @inlinable
    public func bind(_ value: String, at index: Int32) throws(DatabaseError) {
        let code =
            value.utf8.withContiguousStorageIfAvailable { utf8 in
                // A zero-length text needs a non-null pointer, or SQLite binds NULL.
                utf8.withMemoryRebound(to: CChar.self) { chars in
                    guard let base = chars.baseAddress else {
                        return sqlite3_bind_text(handle, index, "", 0, klai_sqlite_transient())
                    }
                    return sqlite3_bind_text(handle, index, base, Int32(chars.count), klai_sqlite_transient())
                }
            } ?? value.withCString { sqlite3_bind_text(handle, index, $0, Int32(value.utf8.count), klai_sqlite_transient()) }
        try check(code)
    }

    @inlinable @inline(__always)
    func check(_ code: Int32) throws(DatabaseError) {
        guard code == SQLITE_OK else { throw error(code: code) }
    }

    @usableFromInline
    func error(code: Int32) -> DatabaseError {
        let extended = sqlite3_extended_errcode(connection)
        return DatabaseError(
            extendedResultCode: extended != 0 ? extended : code, message: String(cString: sqlite3_errmsg(connection)),
            sql: sql, arguments: publicArguments ? boundArguments : nil)
    }

    /// Advances to the next row; false when the statement is done.
    /// - Throws: `DatabaseError` with the statement's SQL (constraint violations, busy, I/O errors).
    @discardableResult
    public func step() throws(DatabaseError) -> Bool {
        isActive = true
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = error(code: code)
            reset()
            throw error
        }
    }

    /// Runs the statement to completion, discarding rows.
    public func run() throws(DatabaseError) {
        while try step() {}
        reset()
    }

    /// Rewinds a statement that has been stepped, so new values can be bound.
    @usableFromInline
    func prepareForBinding() {
        if isActive { reset() }
    }

    /// Clears bindings and rewinds, so the statement can be reused.
    public func reset() {
        sqlite3_reset(handle)
        isActive = false
    }

    // MARK: Reading the current row without allocating

    /// Index of a column by name (case-insensitive fallback), or nil.
    public func columnIndex(_ name: String) -> Int32? { columnIndexes[name] ?? columnIndexes[name.lowercased()] }

    public func isNull(at column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    public func int64(at column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    public func double(at column: Int32) -> Double { sqlite3_column_double(handle, column) }
    public func string(at column: Int32) -> String {
        guard let text = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// The value of a column of the current row.
    public func value(at column: Int32) -> DatabaseValue {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, column))
        case SQLITE_TEXT: return .text(string(at: column))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, column))
            guard count > 0, let bytes = sqlite3_column_blob(handle, column) else { return .blob(Data()) }
            return .blob(Data(bytes: bytes, count: count))
        default: return .null
        }
    }
}

@available(*, unavailable)
extension Statement: Sendable {}
