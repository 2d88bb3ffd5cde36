import Dispatch
import Foundation
import Synchronization
import Testing
@testable import KlaiStore

@Suite struct ConcurrencyTests {
    @Test func aReaderSeesTheLastCommittedStateDuringALongWrite() throws {
        let folder = try TemporaryFolder()
        let store = try Store(configuration: .init(path: folder.path("c.sqlite")), migrator: SampleSchema.migrator())
        try store.writeSync { db in try db.execute("INSERT INTO school VALUES ('1000000001', 'committed')") }

        // The long write runs on its own thread (never a cooperative-pool thread: blocking one of those
        // while another task must run can deadlock a 2-core machine).
        let insideWrite = DispatchSemaphore(value: 0)
        let mayFinish = DispatchSemaphore(value: 0)
        let writeDone = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? store.writeSync { db in
                try db.execute("INSERT INTO school VALUES ('1000000002', 'uncommitted')")
                try db.execute("UPDATE school SET name = 'changed' WHERE code = '1000000001'")
                insideWrite.signal()
                mayFinish.wait()
            }
            writeDone.signal()
        }
        insideWrite.wait()
        let names = { try store.readSync { db in
            try db.fetchAll("SELECT name FROM school ORDER BY code").map { try $0.get("name", as: String.self) }
        } }
        let during = try names()
        mayFinish.signal()
        writeDone.wait()
        let after = try names()
        #expect(during == ["committed"], "the reader was neither blocked nor shown uncommitted rows")
        #expect(after == ["changed", "uncommitted"])
    }

    @Test func concurrentWritersShareCommitsAndLoseNothing() async throws {
        let folder = try TemporaryFolder()
        let store = try Store(configuration: .init(path: folder.path("c.sqlite")), migrator: SampleSchema.migrator())
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    for index in 0..<50 {
                        try await store.write { db in
                            try db.execute("INSERT INTO school VALUES (?, ?)", [String(format: "1%d%08d", writer, index), "x"])
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let reopened = try Database(path: folder.path("c.sqlite"), mode: .readOnly)
        #expect(try reopened.scalar("SELECT count(*) FROM school", as: Int.self) == 400)
    }

    @Test func writeSyncReturnsTheValueAfterCommit() throws {
        let folder = try TemporaryFolder()
        let store = try Store(configuration: .init(path: folder.path("c.sqlite")), migrator: SampleSchema.migrator())
        let rowID = try store.writeSync { db -> Int64 in
            try db.execute("INSERT INTO school VALUES ('1000000009', 'x')")
            try db.execute("INSERT INTO class (school_code, grade, room) VALUES ('1000000009', 'P4', 1)")
            return db.lastInsertRowID
        }
        let other = try Database(path: folder.path("c.sqlite"), mode: .readOnly)
        #expect(try other.scalar("SELECT grade FROM class WHERE id = ?", [rowID], as: String.self) == "P4")
    }
}
