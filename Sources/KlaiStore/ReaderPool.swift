import Dispatch
import Synchronization

/// Read-only connections handed out one caller at a time.
final class ReaderPool: Sendable {
    let queue = DispatchQueue(label: "klai.store.readers", qos: .userInitiated, attributes: .concurrent)
    private let available: Mutex<[ReaderConnection]>
    private let slots: DispatchSemaphore

    init(configuration: Store.Configuration) throws {
        let count = max(1, configuration.readerCount)
        var connections: [ReaderConnection] = []
        for _ in 0..<count {
            connections.append(
                ReaderConnection(
                    try Database(
                        path: configuration.path, mode: .readOnly, busyTimeout: configuration.busyTimeout,
                        publicStatementArguments: configuration.publicStatementArguments)))
        }
        self.available = Mutex(connections)
        self.slots = DispatchSemaphore(value: count)
    }

    /// Borrows a connection for `body`, inside one deferred read transaction.
    func withConnection<T>(_ body: (Database) throws -> T) throws -> T {
        slots.wait()
        let reader = available.withLock { $0.removeLast() }
        defer {
            available.withLock { $0.append(reader) }
            slots.signal()
        }
        let db = reader.database
        try db.execute("BEGIN DEFERRED")
        defer { db.rollbackQuietly() }
        return try body(db)
    }
}

/// One read-only connection.
// @unchecked Sendable: a connection is used by one borrower at a time; `ReaderPool` hands it out under
// its mutex and semaphore and takes it back before anyone else can borrow it.
final class ReaderConnection: @unchecked Sendable {
    let database: Database
    init(_ database: Database) { self.database = database }
}
