import Dispatch
import Foundation
import Synchronization

/// The owner of a library's database: one writer connection, a few read-only connections.
///
/// Writes are serialized on one dispatch queue and **group-committed**: writes that arrive while
/// another commit is in progress run together in one `BEGIN IMMEDIATE … COMMIT`, each in its own
/// savepoint, so one fsync (`synchronous=FULL`) acknowledges many writers. A write's result is
/// delivered only after its transaction has committed; a write that throws is rolled back to its
/// savepoint and does not disturb the others. Reads run on separate connections and see the last
/// committed state (WAL), never blocking and never blocked by the writer.
///
/// All SQLite work runs on dispatch queues, never on Swift's cooperative thread pool.
public final class Store: Sendable {
    /// How a store opens its database.
    public struct Configuration: Sendable {
        public var path: String
        public var readerCount: Int = 2
        public var busyTimeout: Duration = .seconds(5)
        /// Show bound values in error messages (they may hold personal data: debugging only).
        public var publicStatementArguments = false
        /// Most writes committed together in one transaction.
        public var maximumBatch = 1000

        public init(path: String) { self.path = path }
    }

    public let configuration: Configuration
    private let writerQueue = DispatchQueue(label: "klai.store.writer", qos: .userInitiated)
    private let writer: ConfinedDatabase
    private let queue = Mutex(WriteQueueState())
    private let readers: ReaderPool

    /// Opens the database, refusing one written by a newer Klai, and applies pending migrations.
    /// - Throws: `DatabaseError` (cannot open, not a database) or `MigrationError`.
    public init(configuration: Configuration, migrator: Migrator) throws {
        self.configuration = configuration
        let database = try Database(
            path: configuration.path, busyTimeout: configuration.busyTimeout,
            publicStatementArguments: configuration.publicStatementArguments)
        try migrator.migrate(database)
        self.writer = ConfinedDatabase(database)
        self.readers = try ReaderPool(configuration: configuration)
    }

    // MARK: Writing

    /// Runs `body` in a write transaction and returns its result once the transaction has committed.
    /// - Throws: what `body` throws (its work rolled back), or the `DatabaseError` of a failed commit.
    public func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let slot = ResultSlot<T>()
            enqueue(
                PendingWrite(
                    run: { db in slot.value = try body(db) },
                    finish: { error in
                        if let error {
                            continuation.resume(throwing: error)
                        } else {
                            continuation.resume(returning: slot.value!)
                        }
                    }))
        }
    }

    /// Blocking form of `write`, for command-line tools and threads that are not in async code.
    ///
    /// When no commit is in progress the write runs on the calling thread (inside the writer queue's
    /// `sync`, so still serialized), saving two thread hops per transaction; otherwise it joins the
    /// group commit in progress and waits until that commit has finished it.
    public func writeSync<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) throws -> T {
        dispatchPrecondition(condition: .notOnQueue(writerQueue))
        let slot = ResultSlot<Result<T, any Error>>()
        // Decided under the lock: either this thread drains (and so runs this write before `drain`
        // returns), or another drain has been claimed and this thread waits for its write's own
        // completion: that drain may not have reached the writer queue yet, so waiting for the queue
        // would not be enough.
        let finished: DispatchSemaphore? = queue.withLock { state in
            let finished = state.draining ? DispatchSemaphore(value: 0) : nil
            state.pending.append(
                PendingWrite(
                    run: { db in slot.value = .success(try body(db)) },
                    finish: { error in
                        if let error { slot.value = .failure(error) }
                        finished?.signal()
                    }))
            state.draining = true
            return finished
        }
        if let finished {
            finished.wait()
        } else {
            writerQueue.sync { drain() }
        }
        guard let result = slot.value else { preconditionFailure("a write finished without a result") }
        return try result.get()
    }

    /// Runs `body` on the writer connection outside any transaction, alone (VACUUM, checkpoints).
    public func withWriterOutsideTransaction<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) throws -> T {
        dispatchPrecondition(condition: .notOnQueue(writerQueue))
        return try writerQueue.sync { try body(writer.database) }
    }

    private func enqueue(_ write: PendingWrite) {
        let mustStartDrain = queue.withLock { state in
            state.pending.append(write)
            defer { state.draining = true }
            return !state.draining
        }
        if mustStartDrain {
            writerQueue.async { [self] in drain() }
        }
    }

    private func drain() {
        while true {
            let batch: [PendingWrite] = queue.withLock { state in
                if state.pending.isEmpty {
                    state.draining = false
                    return []
                }
                let count = min(state.pending.count, configuration.maximumBatch)
                let batch = Array(state.pending.prefix(count))
                state.pending.removeFirst(count)
                return batch
            }
            if batch.isEmpty { return }
            commit(batch)
        }
    }

    private func commit(_ batch: [PendingWrite]) {
        let db = writer.database
        if batch.count == 1 {
            do {
                try db.transaction { try batch[0].run(db) }
                batch[0].finish(nil)
            } catch {
                batch[0].finish(error)
            }
            return
        }
        var succeeded: [PendingWrite] = []
        do {
            try db.transaction {
                for write in batch {
                    do {
                        try db.savepoint { try write.run(db) }
                        succeeded.append(write)
                    } catch {
                        write.finish(error)
                    }
                }
            }
        } catch {
            for write in succeeded { write.finish(error) }
            return
        }
        for write in succeeded { write.finish(nil) }
    }

    // MARK: Reading

    /// Runs `body` on a read-only connection inside one read transaction (a consistent snapshot).
    public func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            readers.queue.async { [readers] in
                continuation.resume(with: Result { try readers.withConnection(body) })
            }
        }
    }

    /// Blocking form of `read`.
    public func readSync<T>(_ body: (Database) throws -> T) throws -> T {
        try readers.withConnection(body)
    }

    /// Checkpoints the WAL into the main file; call on shutdown so the database is one file at rest.
    public func checkpoint() throws {
        try withWriterOutsideTransaction { db in try db.executeScript("PRAGMA wal_checkpoint(TRUNCATE)") }
    }
}

/// A database touched only on the writer queue.
// @unchecked Sendable: `database` is used exclusively from `Store.writerQueue` (drain, commit and
// withWriterOutsideTransaction all run there), which serializes every access.
private final class ConfinedDatabase: @unchecked Sendable {
    let database: Database
    init(_ database: Database) { self.database = database }
}

/// Holds a write's result from the writer queue until its continuation resumes.
// @unchecked Sendable: written on the writer queue strictly before `finish` runs, read only in `finish`.
private final class ResultSlot<T>: @unchecked Sendable {
    var value: T?
}

private struct PendingWrite: Sendable {
    let run: @Sendable (Database) throws -> Void
    let finish: @Sendable ((any Error)?) -> Void
}

private struct WriteQueueState: ~Copyable {
    var pending: [PendingWrite] = []
    var draining = false
}
