import Foundation
import KlaiStore

// A child process for crash-safety tests: it writes in a loop and prints "committed ID" only after the
// transaction holding ID has committed. The test kills it with SIGKILL and checks that every printed ID
// is in the database.

func storeWrites(path: String, firstID: Int64) async throws {
    var migrator = Migrator()
    migrator.register(
        "stress.1-ledger",
        sql: """
            CREATE TABLE ledger (id INTEGER PRIMARY KEY, payload TEXT NOT NULL);
            CREATE TABLE totals (only INTEGER PRIMARY KEY CHECK (only = 1), rows INTEGER NOT NULL);
            INSERT INTO totals VALUES (1, 0);
            """)
    let store = try Store(configuration: .init(path: path), migrator: migrator)
    // Four concurrent writers, so the group-commit path (several writes per transaction) is exercised.
    try await withThrowingTaskGroup(of: Void.self) { group in
        for writer in Int64(0)..<4 {
            group.addTask {
                var id = firstID + writer
                while true {
                    let payload = String(repeating: "บันทึก", count: Int(id % 50))
                    try await store.write { [id] db in
                        try db.execute("INSERT INTO ledger (id, payload) VALUES (?, ?)", [id, payload])
                        try db.execute("UPDATE totals SET rows = rows + 1")
                    }
                    print("committed \(id)")
                    fflush(nil)
                    id += 4
                }
            }
        }
        try await group.waitForAll()
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 4, arguments[1] == "store-writes", let firstID = Int64(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: klai-stress store-writes DB FIRST-ID\n".utf8))
    exit(2)
}
try await storeWrites(path: arguments[2], firstID: firstID)
