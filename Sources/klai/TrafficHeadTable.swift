import Foundation
import KlaiHTTP
import KlaiStore

/// The database's copy of each traffic-log day head (`TrafficDayHead`): what `klai serve` hands the
/// log as its head sink, and what `klai traffic verify` compares each day file with. The log files
/// and their HMAC key can be edited by whoever can write the traffic folder; this row needs the
/// database, so rewriting a day consistently (even with the key) or cutting it back to an earlier
/// signed head no longer passes. The row is written after the head file and may lag it by the last
/// flush (a kill between the two): `verify` accepts lines past the row that chain on from it.
enum TrafficHeadTable {
    static func register(in migrator: inout Migrator) {
        migrator.register(
            "library.2-traffic-heads",
            sql: """
                CREATE TABLE traffic_head (
                    day TEXT PRIMARY KEY NOT NULL,
                    lines INTEGER NOT NULL CHECK (lines >= 0),
                    chain TEXT NOT NULL CHECK (length(chain) = 64),
                    written_at TEXT NOT NULL
                );
                """)
    }

    /// Records a day's head. A day's copy only moves forward (more lines): a head that counts fewer
    /// lines than the stored one is not Klai's writer speaking, and is not taken.
    /// - Returns: false when the write failed (the copy then lags, which `verify` notes, never hides).
    @discardableResult
    static func record(_ head: TrafficDayHead, in store: Store) -> Bool {
        (try? store.writeSync { db in
            try db.execute(
                """
                INSERT INTO traffic_head (day, lines, chain, written_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (day) DO UPDATE SET lines = excluded.lines, chain = excluded.chain, written_at = excluded.written_at
                WHERE excluded.lines >= traffic_head.lines
                """, [head.day, head.lines, head.chain, Date()])
        }) != nil
    }

    /// Every stored copy, by day.
    static func heads(in db: Database) throws -> [String: TrafficDayHead] {
        var heads: [String: TrafficDayHead] = [:]
        for row in try db.fetchAll("SELECT day, lines, chain FROM traffic_head") {
            let head = TrafficDayHead(day: try row.get(0), lines: try row.get(1), chain: try row.get(2))
            heads[head.day] = head
        }
        return heads
    }

    /// The copies in the library's database, read without changing it; `nil` when there is no
    /// database or it has no such table yet (a library older than the copies).
    static func heads(of library: LibraryLocation) throws -> [String: TrafficDayHead]? {
        guard library.exists else { return nil }
        let db = try Database(path: library.databasePath, mode: .readOnly)
        let tables = try db.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'traffic_head'", as: Int.self)
        guard tables == 1 else { return nil }
        return try heads(in: db)
    }
}
