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
        let names = {
            try store.readSync { db in
                try db.fetchAll("SELECT name FROM school ORDER BY code").map { try $0.get("name", as: String.self) }
            }
        }
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

    /// Many threads calling `writeSync` at once: each call returns only after its own write committed.
    /// (A call that found another thread about to drain once returned before its write had run.)
    @Test func writeSyncFromManyThreadsReturnsEachWriteAfterItsCommit() throws {
        let folder = try TemporaryFolder()
        let store = try Store(configuration: .init(path: folder.path("c.sqlite")), migrator: SampleSchema.migrator())
        try store.writeSync { db in try db.execute("INSERT INTO school VALUES ('1000000001', 'x')") }
        let threads = 8, writesPerThread = 1000, path = folder.path("c.sqlite")
        let problems = Mutex<[String]>([])
        let finished = DispatchGroup()
        for thread in 0..<threads {
            finished.enter()
            Thread.detachNewThread {
                defer { finished.leave() }
                do {
                    let reader = try Database(path: path, mode: .readOnly)
                    for index in 0..<writesPerThread {
                        let room = thread * writesPerThread + index
                        let rowID = try store.writeSync { db -> Int64 in
                            try db.execute("INSERT INTO class (school_code, grade, room) VALUES ('1000000001', 'P1', ?)", [room])
                            return db.lastInsertRowID
                        }
                        // Acknowledged means committed: another connection sees the row at once.
                        let stored = try reader.scalar("SELECT room FROM class WHERE id = ?", [rowID], as: Int.self)
                        if stored != room { problems.withLock { $0.append("room \(room): row \(rowID) holds \(String(describing: stored))") } }
                    }
                } catch {
                    problems.withLock { $0.append("thread \(thread): \(error)") }
                }
            }
        }
        finished.wait()
        #expect(problems.withLock { $0 } == [])
        let reopened = try Database(path: folder.path("c.sqlite"), mode: .readOnly)
        #expect(try reopened.scalar("SELECT count(*) FROM class", as: Int.self) == threads * writesPerThread)
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
