import CSQLite

extension Database {
    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    ///
    /// The outermost call opens `BEGIN IMMEDIATE`, taking the write lock at once so the transaction
    /// never fails half-way with SQLITE_BUSY on upgrade (https://sqlite.org/lang_transaction.html).
    /// A nested call becomes a savepoint, so an inner failure undoes only the inner work.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws (after rolling back), or a `DatabaseError` from BEGIN/COMMIT.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        if transactionDepth > 0 || isInTransaction {
            return try savepoint(body)
        }
        try execute("BEGIN IMMEDIATE")
        transactionDepth += 1
        let result: T
        do {
            result = try body()
        } catch {
            transactionDepth -= 1
            rollbackQuietly()
            throw error
        }
        transactionDepth -= 1
        do {
            try execute("COMMIT")
        } catch {
            rollbackQuietly()
            throw error
        }
        return result
    }

    /// Runs `body` inside a savepoint of the current transaction (or as its own transaction).
    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        let name = "klai_sp\(transactionDepth)"
        try execute("SAVEPOINT \(name)")
        transactionDepth += 1
        do {
            let result = try body()
            transactionDepth -= 1
            try execute("RELEASE \(name)")
            return result
        } catch {
            transactionDepth -= 1
            // ROLLBACK TO keeps the savepoint open; RELEASE then removes it (https://sqlite.org/lang_savepoint.html).
            try? execute("ROLLBACK TO \(name)")
            try? execute("RELEASE \(name)")
            throw error
        }
    }

    func rollbackQuietly() {
        // After some errors (SQLITE_FULL, IOERR) SQLite has already rolled back; ROLLBACK then fails harmlessly.
        if isInTransaction {
            _ = sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
        }
    }
}
