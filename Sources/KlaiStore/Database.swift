import CSQLite
import Foundation

/// One SQLite connection.
///
/// Not thread-safe: a `Database` is used by one thread at a time. `Store` owns the connections of a
/// library and serializes access; tests and tools may open one directly.
public final class Database {
    let handle: OpaquePointer
    /// Path of the database file.
    public let path: String
    /// Whether this connection was opened read-only.
    public let isReadOnly: Bool
    let publicArguments: Bool
    private var statementCache: [String: Statement] = [:]
    /// The few most recently used statements, checked before hashing into `statementCache`: a query
    /// repeated from one call site passes the same string storage, which compares equal at once.
    private var recentStatements: [Statement] = []
    var transactionDepth = 0

    /// How a connection is opened.
    public enum Mode: Sendable { case readWrite, readOnly }

    /// Opens (and for `.readWrite`, creates) the database file and applies Klai's connection settings.
    ///
    /// Settings (https://sqlite.org/pragma.html): WAL journal so readers never block the writer,
    /// `synchronous=FULL` so a commit survives a power cut, not only a crash (in WAL mode NORMAL may lose
    /// the last commits on power loss), `foreign_keys=ON`, and a `busy_timeout`.
    /// - Throws: `DatabaseError` when the file cannot be opened or is not a database.
    public init(
        path: String, mode: Mode = .readWrite, busyTimeout: Duration = .seconds(5),
        publicStatementArguments: Bool = false
    ) throws(DatabaseError) {
        var handle: OpaquePointer?
        if mode == .readWrite { Self.createPrivately(path) }
        let flags =
            (mode == .readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
            | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(handle)
            throw DatabaseError(extendedResultCode: code, message: "cannot open \(path): \(message)")
        }
        self.handle = handle
        self.path = path
        self.isReadOnly = mode == .readOnly
        self.publicArguments = publicStatementArguments
        sqlite3_extended_result_codes(handle, 1)
        let milliseconds = busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(handle, Int32(clamping: milliseconds))
        _ = klai_sqlite_disable_dqs(handle)
        // Fail early, with a clear message, on a file that is not a database.
        try executeScript("PRAGMA schema_version")
        if mode == .readWrite {
            try executeScript("PRAGMA journal_mode = WAL")
        }
        try executeScript("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON")
    }

    /// Creates a missing database file readable by its owner only (0600), whatever the umask: it holds
    /// national IDs and password hashes. SQLite's unix VFS gives the `-wal` and `-shm` files the database
    /// file's permissions (https://sqlite.org/tempfiles.html, "findCreateFileMode" in os_unix.c), so they
    /// follow. An existing file keeps the mode its owner gave it. An empty file is an empty database.
    static func createPrivately(_ path: String) {
        guard !path.isEmpty, path != ":memory:", !path.hasPrefix("file:") else { return }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 { close(descriptor) }
    }

    deinit {
        recentStatements.removeAll()
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    // MARK: Statements

    /// A prepared statement for `sql`, reused across calls on this connection.
    public func cachedStatement(_ sql: String) throws(DatabaseError) -> Statement {
        // A statement run in a loop is found first; a hit further down moves to the front.
        if let first = recentStatements.first, first.sql == sql { return first }
        if let position = recentStatements.firstIndex(where: { $0.sql == sql }) {
            recentStatements.swapAt(position, 0)
            return recentStatements[0]
        }
        let statement: Statement
        if let cached = statementCache[sql] {
            statement = cached
        } else {
            statement = try Statement(database: self, sql: sql)
            statementCache[sql] = statement
        }
        if recentStatements.count == 4 { recentStatements.removeLast() }
        recentStatements.insert(statement, at: 0)
        return statement
    }

    /// A new prepared statement that is not cached.
    public func makeStatement(_ sql: String) throws(DatabaseError) -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// Runs one statement with arguments, discarding any rows.
    public func execute(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?] = []) throws(DatabaseError) {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments)
        try statement.run()
    }

    /// Runs several `;`-separated statements without arguments (schema scripts, pragmas).
    public func executeScript(_ sql: String) throws(DatabaseError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        guard code == SQLITE_OK else {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_free(errorMessage)
            throw DatabaseError(extendedResultCode: sqlite3_extended_errcode(handle), message: message, sql: sql)
        }
    }

    /// All rows of a query.
    public func fetchAll(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?] = []) throws(DatabaseError) -> [Row] {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments)
        defer { statement.reset() }
        var rows: [Row] = []
        while try statement.step() {
            rows.append(Row(statement: statement))
        }
        return rows
    }

    /// The first row of a query, or nil.
    public func fetchOne(_ sql: String, _ arguments: [(any DatabaseValueConvertible)?] = []) throws(DatabaseError) -> Row? {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments)
        defer { statement.reset() }
        return try statement.step() ? Row(statement: statement) : nil
    }

    /// The first column of the first row, converted; nil when there is no row or the value is NULL.
    public func scalar<T: DatabaseValueConvertible>(
        _ sql: String, _ arguments: [(any DatabaseValueConvertible)?] = [], as type: T.Type = T.self
    ) throws(DatabaseError) -> T? {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return T.fromDatabaseValue(statement.value(at: 0))
    }

    /// Calls `body` for each row with the live statement, without copying rows (fast path for big scans).
    public func forEachRow(
        _ sql: String, _ arguments: [(any DatabaseValueConvertible)?] = [], _ body: (Statement) throws -> Void
    ) throws {
        let statement = try cachedStatement(sql)
        try statement.bind(arguments)
        defer { statement.reset() }
        while try statement.step() {
            try body(statement)
        }
    }

    // MARK: State

    /// Row id of the last successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes64(handle)) }
    /// True while a transaction is open on this connection.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    func error(code: Int32, sql: String?, arguments: [DatabaseValue]? = nil) -> DatabaseError {
        let extended = sqlite3_extended_errcode(handle)
        return DatabaseError(
            extendedResultCode: extended != 0 ? extended : code,
            message: String(cString: sqlite3_errmsg(handle)),
            sql: sql,
            arguments: publicArguments ? arguments : nil)
    }
}

@available(*, unavailable)
extension Database: Sendable {}

extension Database {
    /// The SQLite library version in use, e.g. "3.40.1".
    public static var sqliteVersion: String { String(cString: sqlite3_libversion()) }
}
