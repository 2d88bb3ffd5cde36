import Foundation
import KlaiStore

/// `klai bench store`: KlaiStore's side of `Benchmarks/store.sh` (the C side is `Benchmarks/store_c.c`).
///
/// Both sides run the same statements on the same schema with the same settings (WAL, synchronous=FULL)
/// and the same pseudo-random ids, and print `name count seconds` lines the script compares.
enum BenchStoreCommand: Command {
    static let spec = CommandSpec(
        name: ["bench", "store"], summary: "Measure KlaiStore insert and query throughput (see Benchmarks/store.sh).",
        arguments: "DB",
        options: [
            OptionSpec("single", value: "N", help: "Rows inserted one transaction each.", default: "2000"),
            OptionSpec("batched", value: "N", help: "Rows inserted in transactions of 1,000.", default: "200000"),
            OptionSpec("queries", value: "N", help: "Point queries by primary key.", default: "500000")
        ],
        positionalCount: 1...1)

    static let insert = "INSERT INTO item (id, title, grade, seconds) VALUES (?, ?, ?, ?)"
    static let query = "SELECT title, grade, seconds FROM item WHERE id = ?"

    static func run(_ invocation: Invocation) throws -> Int32 {
        let single = try invocation.integer("single", in: 1...10_000_000) ?? 2000
        let batched = try invocation.integer("batched", in: 1...100_000_000) ?? 200_000
        let queries = try invocation.integer("queries", in: 1...100_000_000) ?? 500_000
        let path = invocation.positionals[0]
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }

        var migrator = Migrator()
        migrator.register(
            "bench.1-item",
            sql: "CREATE TABLE item (id INTEGER PRIMARY KEY, title TEXT NOT NULL, grade TEXT NOT NULL, seconds REAL NOT NULL)")
        let store = try Store(configuration: .init(path: path), migrator: migrator)
        let clock = ContinuousClock()
        lastCPU.value = processCPUSeconds()

        // Values are made before timing, on both sides, so only binding and stepping are measured.
        let titles = (0...(single + batched)).map { "บทเรียนที่ \($0) การบวกเศษส่วน" }
        let grades = (1...6).map { "P\($0)" }
        func row(_ id: Int) -> (Int, String, String, Double) {
            (id, titles[id], grades[id % 6], Double(id % 3600) + 0.5)
        }
        lastCPU.value = processCPUSeconds()

        var start = clock.now
        for id in 1...single {
            let (id, title, grade, seconds) = row(id)
            try store.writeSync { db in try db.execute(insert, values: id, title, grade, seconds) }
        }
        report("insert-single", single, clock.now - start)

        start = clock.now
        var next = single + 1
        while next <= single + batched {
            let ids = next...min(next + 999, single + batched)
            try store.writeSync { db in
                for id in ids { try db.execute(insert, values: id, titles[id], grades[id % 6], Double(id % 3600) + 0.5) }
            }
            next += ids.count
        }
        report("insert-batched", batched, clock.now - start)

        let total = UInt64(single + batched)
        // Point queries two ways: copying each row into a `Row` (the convenient API), and decoding the
        // columns from the live statement (the fast API). Each row's three columns are read either way.
        for (name, copyRows) in [("point-query", false), ("point-query-row", true)] {
            start = clock.now
            let found = try store.readSync { db -> Int in
                var state: UInt64 = 88_172_645_463_325_252
                var found = 0
                for _ in 0..<queries {
                    let id = Int64(nextRandom(&state) % total + 1)
                    if copyRows {
                        if let row = try db.fetchOne(query, [id]), case .text = row[0], case .text = row[1] { found += 1 }
                    } else if let (title, _, _) = try db.fetchOne(
                        query, values: id,
                        decode: {
                            ($0.string(at: 0), $0.string(at: 1), $0.double(at: 2))
                        }), !title.isEmpty
                    {
                        found += 1
                    }
                }
                return found
            }
            report(name, queries, clock.now - start)
            guard found == queries else {
                printError("bench store: \(queries - found) point queries found no row")
                return 1
            }
        }
        return 0
    }

    /// xorshift64, identical in `store_c.c`.
    static func nextRandom(_ state: inout UInt64) -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }

    /// Prints `name count wall-seconds cpu-seconds`; CPU time (all threads) since the previous report.
    private static func report(_ name: String, _ count: Int, _ duration: Duration) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        let cpu = processCPUSeconds()
        print("\(name) \(count) \(String(format: "%.6f %.6f", seconds, cpu - lastCPU.value))")
        lastCPU.value = cpu
        flushStandardOutput()
    }

    private static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// CPU time at the previous report; the command is single-threaded at the points it reads this.
    private final class CPUMark: @unchecked Sendable {  // only touched by `run` on the main thread
        var value = 0.0
    }
    private static let lastCPU = CPUMark()
}
