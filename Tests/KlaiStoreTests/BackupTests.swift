import Foundation
import Synchronization
import Testing

@testable import KlaiStore

@Suite struct BackupTests {
    @Test func aBackupTakenWhileWritesContinueIsIntactAndHoldsEveryCommittedRow() async throws {
        let folder = try TemporaryFolder()
        let store = try Store(configuration: .init(path: folder.path("live.sqlite")), migrator: SampleSchema.migrator())
        let committed = Mutex(0)
        for index in 0..<500 {
            try await store.write { db in try db.execute("INSERT INTO school VALUES (?, 'x')", [String(format: "1%09d", index)]) }
        }
        committed.withLock { $0 = 500 }

        // Writers keep committing while the backup runs.
        let writers = Task {
            var index = 500
            while !Task.isCancelled && index < 20_000 {
                try await store.write { [index] db in
                    try db.execute("INSERT INTO school VALUES (?, 'x')", [String(format: "1%09d", index)])
                }
                index += 1
                committed.withLock { $0 = index }
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        let committedBeforeBackup = committed.withLock { $0 }
        let report = try await store.backup(to: folder.path("copy.sqlite"))
        writers.cancel()
        _ = await writers.result

        #expect(report.isIntact)
        #expect(!FileManager.default.fileExists(atPath: folder.path("copy.sqlite.partial")))
        let copy = try Database(path: folder.path("copy.sqlite"), mode: .readOnly)
        #expect(try copy.integrityCheck().isEmpty)
        let rows = try #require(try copy.scalar("SELECT count(*) FROM school", as: Int.self))
        #expect(rows >= committedBeforeBackup, "every row committed before the backup began is in the copy")
        let contiguous = try copy.scalar("SELECT max(CAST(substr(code, 2) AS INTEGER)) + 1 FROM school", as: Int.self)
        #expect(contiguous == rows, "the copy is one snapshot: no gaps")
        #expect(try Migrator.appliedIdentifiers(copy) == SampleSchema.steps.map(\.0))
    }
}
