import Foundation
import KlaiStore
import Synchronization
import Testing

/// `klai backup --rotate` and `klai restore`, through the binary, on real libraries and a live server.
@Suite struct BackupRestoreTests {
    private func makeFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("klai-backup-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    private func makeLibrary(in folder: URL, _ arguments: [String] = ["--empty"]) throws -> URL {
        let library = folder.appendingPathComponent("library")
        let made = try KlaiProcess.run(["demo", "--data", library.path] + arguments)
        #expect(made.status == 0, "\(made.errors)")
        return library
    }

    private func dayName(_ daysAgo: Int, from now: Date) -> String {
        let day = Calendar.current.date(byAdding: .day, value: -daysAgo, to: now) ?? now
        let parts = Calendar.current.dateComponents([.year, .month, .day], from: day)
        return String(format: "klai-%04d-%02d-%02d.sqlite", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    @Test func rotationKeepsTheSevenNewestDaysAndTheNewestOfEachOfTheFourWeeksBefore() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = try makeLibrary(in: folder)
        let backups = folder.appendingPathComponent("backups")
        try FileManager.default.createDirectory(at: backups, withIntermediateDirectories: true)
        let now = Date()
        for daysAgo in 1..<60 {
            try Data("old".utf8).write(to: backups.appendingPathComponent(dayName(daysAgo, from: now)))
        }
        for other in ["notes.txt", "klai-2026-13-45.sqlite", "klai-manual.sqlite"] {
            try Data().write(to: backups.appendingPathComponent(other))
        }
        let outcome = try KlaiProcess.run(["backup", "--rotate", backups.path, "--data", library.path])
        #expect(outcome.status == 0, "\(outcome.errors)")

        // Expected, by the calendar: days 0…6, then the newest of each of the next four ISO weeks (Monday first).
        let calendar = Calendar(identifier: .iso8601)
        var expected = Set((0..<7).map { dayName($0, from: now) })
        var weeks: [DateComponents] = []
        for daysAgo in 7..<60 {
            let day = Calendar.current.date(byAdding: .day, value: -daysAgo, to: now) ?? now
            let week = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: day)
            guard !weeks.contains(week) else { continue }
            guard weeks.count < 4 else { break }
            weeks.append(week)
            expected.insert(dayName(daysAgo, from: now))
        }
        let remaining = Set(try FileManager.default.contentsOfDirectory(atPath: backups.path))
        #expect(remaining == expected.union(["notes.txt", "klai-2026-13-45.sqlite", "klai-manual.sqlite"]))
        #expect(expected.count == 11)
        let newest = try Database(path: backups.appendingPathComponent(dayName(0, from: now)).path, mode: .readOnly)
        #expect(try newest.integrityCheck().isEmpty, "today's file is the real, checked backup")
        #expect(try newest.scalar("SELECT count(*) FROM klai_library", as: Int.self) == 1)
    }

    @Test func everyBackupAttemptAndAFailuresReasonAreRecordedForTheAdminPage() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = try makeLibrary(in: folder)
        let blocker = folder.appendingPathComponent("a-file")
        try Data("not a folder".utf8).write(to: blocker)
        let failed = try KlaiProcess.run([
            "backup", "--rotate", blocker.appendingPathComponent("backups").path,
            "--data", library.path
        ])
        #expect(failed.status == 1)
        #expect(failed.errors.contains("no backup was made"), "\(failed.errors)")
        let database = library.appendingPathComponent("Klai.sqlite").path
        let failure = try #require(try BackupLog.last(try Database(path: database, mode: .readOnly)))
        #expect(!failure.succeeded)
        #expect(failure.file.hasPrefix(blocker.path))
        #expect(!(failure.failure ?? "").isEmpty, "the reason is kept in words")

        let backups = folder.appendingPathComponent("backups")
        let made = try KlaiProcess.run(["backup", "--rotate", backups.path, "--data", library.path])
        #expect(made.status == 0, "\(made.errors)")
        let db = try Database(path: database, mode: .readOnly)
        let success = try #require(try BackupLog.last(db))
        #expect(success.succeeded && success.failure == nil && success.bytes > 0)
        #expect(FileManager.default.fileExists(atPath: success.file))
        #expect(try BackupLog.recent(db).count == 2)
        #expect(try BackupLog.lastSuccessful(db) == success)
    }

    @Test func restoreRefusesWhileTheServerRunsThenKeepsTheReplacedDatabaseAside() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = try makeLibrary(in: folder)
        let copy = folder.appendingPathComponent("copy.sqlite").path
        #expect(try KlaiProcess.run(["backup", copy, "--data", library.path]).status == 0)
        let database = library.appendingPathComponent("Klai.sqlite").path
        do {
            let server = try RunningServer(data: library)
            let refused = try KlaiProcess.run(["restore", copy, "--data", library.path])
            #expect(refused.status == 1)
            #expect(refused.errors.contains("a Klai server is running on"), "\(refused.errors)")
            let health = try server.request("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            #expect(health.hasPrefix("HTTP/1.1 200"), "the server was not disturbed")
            #expect(server.stop() == 0)
        }
        // Something the copy does not have, so the swap can be seen.
        let added = try KlaiProcess.run(["schools", "add", "1012345678", "โรงเรียนหลังสำรอง", "--data", library.path])
        #expect(added.status == 0, "\(added.errors)")
        let restored = try KlaiProcess.run(["restore", copy, "--data", library.path])
        #expect(restored.status == 0, "\(restored.errors)")
        let names = try FileManager.default.contentsOfDirectory(atPath: library.path)
        let aside = try #require(names.first { $0.hasPrefix("Klai.sqlite.replaced-") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") })
        #expect(!names.contains { $0.hasPrefix(".Klai.sqlite.restoring") }, "no staging file left")
        let now = try Database(path: database, mode: .readOnly)
        #expect(try now.scalar("SELECT count(*) FROM learning_school", as: Int.self) == 0, "the copy is in place")
        let old = try Database(path: library.appendingPathComponent(aside).path, mode: .readOnly)
        #expect(try old.scalar("SELECT count(*) FROM learning_school", as: Int.self) == 1, "the replaced one is kept whole")
    }

    @Test func restoreRefusesAFileThatIsNotAnIntactKlaiLibraryAndChangesNothing() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = try makeLibrary(in: folder)
        let database = library.appendingPathComponent("Klai.sqlite").path
        let text = folder.appendingPathComponent("notes.sqlite").path
        try Data(String(repeating: "not a database ", count: 100).utf8).write(to: URL(fileURLWithPath: text))
        let other = folder.appendingPathComponent("other.sqlite").path
        try Database(path: other).executeScript("CREATE TABLE t (x); INSERT INTO t VALUES (1)")
        let newer = folder.appendingPathComponent("newer.sqlite").path
        #expect(try KlaiProcess.run(["backup", newer, "--data", library.path]).status == 0)
        try Database(path: newer).execute("INSERT INTO klai_migration VALUES ('future.1-something', '2027-01-01T00:00:00.000Z')")
        let before = try Data(contentsOf: URL(fileURLWithPath: database))
        for (file, reason) in [
            (text, "is not an SQLite database"), (other, "not a Klai library"),
            (newer, "newer version of Klai"), (folder.path + "/missing.sqlite", "there is no file")
        ] {
            let outcome = try KlaiProcess.run(["restore", file, "--data", library.path])
            #expect(outcome.status == 1)
            #expect(outcome.errors.contains(reason), "\(file): \(outcome.errors)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: library.path).allSatisfy { !$0.hasPrefix(".Klai") && !$0.contains("replaced") })
    }

    /// The README's dead-disk walk-through: a nightly backup plus a copy of Media/ onto a new disk.
    @Test func aBackupMadeUnderEventLoadRestoresOntoANewDiskWithEveryEventAcknowledgedBeforeIt() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = try makeLibrary(in: folder, ["--clips", "0"])
        // A ten-minute lesson to play (the demo's clips would need transcoding first).
        let item = try { () throws -> Int in
            let db = try Database(path: library.appendingPathComponent("Klai.sqlite").path)
            try db.execute(
                """
                INSERT INTO catalog_item (kind, stable_key, title, duration_seconds, created_at, updated_at)
                VALUES ('local_lesson', 'test:backup-load', 'บทเรียนทดสอบ', 600, ?, ?)
                """, [Date(), Date()])
            return try #require(try db.scalar("SELECT id FROM catalog_item WHERE stable_key = 'test:backup-load'", as: Int.self))
        }()
        let server = try RunningServer(data: library)
        let credentials = #"{"username":"1099990001-01001","password":"klai-pupil"}"#
        let signIn = try server.request(
            "POST /api/sign-in HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(credentials.utf8.count)\r\nConnection: close\r\n\r\n\(credentials)")
        let cookie = try #require(
            signIn.split(separator: "\r\n").first { $0.hasPrefix("Set-Cookie: klai_session=") }?
                .dropFirst("Set-Cookie: ".count).split(separator: ";").first.map(String.init))
        // State-changing requests made with the cookie carry the CSRF token the sign-in answered with.
        let csrf = try #require(signIn.firstRange(of: #""csrf_token":""#).map { String(signIn[$0.upperBound...].prefix(32)) })

        let ledger = EventLedger()
        let posters = (0..<2).map { _ in
            let thread = Thread { [port = server.port] in ledger.post(port: port, cookie: cookie, csrf: csrf, item: item) }
            thread.start()
            return thread
        }
        try ledger.wait(untilAtLeast: 300)
        let acknowledgedBeforeBackup = ledger.acknowledged
        let backups = folder.appendingPathComponent("backups")
        let backup = try KlaiProcess.run(["backup", "--rotate", backups.path, "--data", library.path])
        try ledger.wait(untilAtLeast: ledger.acknowledged.count + 300)
        ledger.stop()
        while posters.contains(where: { !$0.isFinished }) { usleep(10_000) }
        #expect(backup.status == 0, "\(backup.errors)")
        #expect(server.stop() == 0)
        #expect(ledger.failures == 0, "every batch was acknowledged")

        // A new disk: an empty data folder, the backup and a copy of Media/.
        let newDisk = folder.appendingPathComponent("new-disk")
        try FileManager.default.createDirectory(at: newDisk, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: library.appendingPathComponent("Media"), to: newDisk.appendingPathComponent("Media"))
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: backups.path).first { $0.hasPrefix("klai-") })
        let restore = try KlaiProcess.run(["restore", backups.appendingPathComponent(file).path, "--data", newDisk.path])
        #expect(restore.status == 0, "\(restore.errors)")

        let restored = try Database(path: newDisk.appendingPathComponent("Klai.sqlite").path, mode: .readOnly)
        // Klai stores an event id as its 16 bytes.
        func bytes(_ id: UUID) -> Data { withUnsafeBytes(of: id.uuid) { Data($0) } }
        let stored = Set(try restored.fetchAll("SELECT event_id FROM learning_event").map { try $0.get(0, as: Data.self) })
        let missing = Set(acknowledgedBeforeBackup.map(bytes)).subtracting(stored)
        #expect(missing.isEmpty, "\(missing.count) of \(acknowledgedBeforeBackup.count) events acknowledged before the backup are missing")
        #expect(stored.count >= acknowledgedBeforeBackup.count)
        #expect(stored.isSubset(of: Set(ledger.acknowledged.map(bytes))), "nothing that was not acknowledged")
        print(
            "backup under load: \(acknowledgedBeforeBackup.count) events acknowledged before the backup began, "
                + "\(stored.count) in the backup, \(ledger.acknowledged.count) acknowledged in all")
        let check = try KlaiProcess.run(["events", "check", "--data", newDisk.path])
        #expect(check.status == 0, "the summaries agree with the events: \(check.output)")

        let revived = try RunningServer(data: newDisk)
        let again = try revived.request(
            "POST /api/sign-in HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(credentials.utf8.count)\r\nConnection: close\r\n\r\n\(credentials)")
        #expect(again.hasPrefix("HTTP/1.1 200"), "the pupil signs in on the restored box: \(again)")
        #expect(revived.stop() == 0)
    }
}

/// Event batches posted by a pupil's player, and which events the server acknowledged.
private final class EventLedger: Sendable {
    private let state = Mutex((acknowledged: [UUID](), failures: 0, stopped: false))

    var acknowledged: [UUID] { state.withLock { $0.acknowledged } }
    var failures: Int { state.withLock { $0.failures } }
    func stop() { state.withLock { $0.stopped = true } }

    /// Posts 10-event batches until stopped; an event counts once its batch's answer says it was accepted.
    func post(port: Int, cookie: String, csrf: String, item: Int) {
        let session = UUID()
        var position = 0.0
        while !state.withLock({ $0.stopped }) {
            let events = (0..<10).map { _ in UUID() }
            let body =
                #"{"events":["#
                + events.map { id in
                    position = position >= 590 ? 0 : position + 1
                    return #"{"event_id":"\#(id)","session_id":"\#(session)","item":\#(item),"kind":"progress","#
                        + #""position":\#(position),"device_time":\#(Int64(Date().timeIntervalSince1970 * 1000))}"#
                }.joined(separator: ",") + "]}"
            let answer = try? RunningServer.request(
                "POST /api/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Cookie: \(cookie)\r\nX-CSRF-Token: \(csrf)\r\nContent-Length: \(body.utf8.count)\r\n"
                    + "Connection: close\r\n\r\n\(body)", port: port)
            state.withLock { state in
                if let answer, answer.hasPrefix("HTTP/1.1 200"), answer.contains(#""accepted":10"#) {
                    state.acknowledged += events
                } else {
                    state.failures += 1
                    state.stopped = true
                }
            }
        }
    }

    /// Waits until `count` events are acknowledged (at most 120 s).
    func wait(untilAtLeast count: Int) throws {
        let deadline = Date().addingTimeInterval(120)
        while acknowledged.count < count {
            guard Date() < deadline, failures == 0 else { throw CocoaError(.executableLoad) }
            usleep(20_000)
        }
    }
}
