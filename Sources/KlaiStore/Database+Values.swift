extension Database {
    /// Runs one statement, binding `values` to its parameters in order, without an arguments array.
    ///
    /// Generic over the values (a parameter pack), so each one binds through its own type with no
    /// existential boxing: the fastest way to run a statement many times in a loop.
    @inlinable
    public func execute<each Value: DatabaseValueConvertible>(_ sql: String, values: repeat each Value) throws(DatabaseError) {
        let statement = try cachedStatement(sql)
        try statement.bind(values: repeat each values)
        try statement.run()
    }

    /// Runs a query with `values` bound, and decodes its first row with `decode` (nil when there is none).
    ///
    /// `decode` reads the live statement (`int64(at:)`, `string(at:)`, …), so no `Row` is copied.
    @inlinable
    public func fetchOne<each Value: DatabaseValueConvertible, T>(
        _ sql: String, values: repeat each Value, decode: (Statement) throws -> T
    ) throws -> T? {
        let statement = try cachedStatement(sql)
        try statement.bind(values: repeat each values)
        defer { statement.reset() }
        return try statement.step() ? decode(statement) : nil
    }
}

extension Statement {
    /// Resets the statement and binds `values` to its parameters in order.
    /// - Throws: `DatabaseError` when the count does not match or a value cannot be bound.
    @inlinable
    public func bind<each Value: DatabaseValueConvertible>(values: repeat each Value) throws(DatabaseError) {
        var count = 0
        for _ in repeat (each Value).self { count += 1 }  // counts the types: no value is copied
        guard count == parameterCount, !publicArguments else {
            // Mismatched counts and public-argument mode take the general path, with its checks and messages.
            var arguments: [(any DatabaseValueConvertible)?] = []
            for value in repeat each values { arguments.append(value) }
            return try bind(arguments)
        }
        prepareForBinding()
        // A pack expansion rather than a `for … in repeat` loop: the loop copies each value through its
        // value witness, the expansion binds each in place.
        var index: Int32 = 0
        repeat try bindNext(each values, &index)
    }

    @inlinable @inline(__always)
    func bindNext<Value: DatabaseValueConvertible>(_ value: Value, _ index: inout Int32) throws(DatabaseError) {
        index += 1
        try value.bind(to: self, at: index)
    }
}
