import Foundation
import Glibc
import KlaiStore
import Testing

/// A `klai serve` killed with SIGKILL while a teacher's video upload has placed its copy in `Media/sources/` but not
/// yet committed the row naming it: the next start removes that copy and the upload's spool, and refuses to touch a
/// file Klai did not make, a file a committed row names, or anything in `sources/` while another process (`klai
/// ingest`, `klai catalog import`) holds the placing lock.
@Suite struct UploadCrashTests {
    static let boundary = "klai-upload-crash-boundary-7"

    /// The raw request of the teacher's upload form (`/teach/uploads`) for `school`, with `video` as the file.
    static func upload(school: Int64, title: String, video: String, cookie: String, csrf: String) -> String {
        let body =
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n\(title)\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"school\"\r\n\r\n\(school)\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"บทเรียนของครู.mp4\"\r\n"
            + "Content-Type: video/mp4\r\n\r\n\(video)\r\n--\(boundary)--\r\n"
        return "POST /teach/uploads?_csrf=\(csrf) HTTP/1.1\r\nHost: localhost\r\nCookie: \(cookie)\r\n"
            + "Content-Type: multipart/form-data; boundary=\(boundary)\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Connection: close\r\n\r\n\(body)"
    }

    /// Holds `Media/.placing.lock` the way `klai ingest` does while it places a file (shared), until `release()`.
    final class PlacingLockHolder {
        let descriptor: Int32
        init(media: URL, mode: Int32) throws {
            descriptor = open(media.appendingPathComponent(".placing.lock").path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0, flock(descriptor, mode) == 0 else { throw POSIXError(.EBADF) }
        }
        func release() { close(descriptor) }
    }

    @Test func aKilledUploadsCopyGoesAtTheNextStartButNeverAFileKlaiDidNotMakeNorOneWhileAnIngestIsPlacing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("klai-upload-crash-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try KlaiProcess.run(["demo", "--clips", "0", "--data", folder.path]).status == 0)
        let database = folder.appendingPathComponent("Klai.sqlite").path
        let media = folder.appendingPathComponent("Media")
        let sources = media.appendingPathComponent("sources")
        let uploads = media.appendingPathComponent("uploads")
        let school: Int64 = try #require(
            try Database(path: database, mode: .readOnly).scalar("SELECT id FROM learning_school ORDER BY id LIMIT 1"))

        let server = try RunningServer(data: folder)
        let session = try AttachmentCrashTests.signIn(server)
        // One lesson uploaded normally: its row is committed, so its copy must survive everything below.
        let first = try server.request(
            Self.upload(school: school, title: "บทเรียนที่ 1", video: "video-\(UUID())", cookie: session.cookie, csrf: session.csrf))
        #expect(first.hasPrefix("HTTP/1.1 303"), "\(first.prefix(300))")
        // A teacher's own recording an admin copied into sources/ under a name shaped like Klai's: no row names
        // it, and its bytes do not hash to its name, so Klai did not make it. It may be the only copy.
        let foreign = "0123456789abcdef-วิดีโอของครูสมชาย.mp4"
        try Data("the only copy of a teacher's recording".utf8).write(to: sources.appendingPathComponent(foreign))
        let before = AttachmentCrashTests.names(in: sources)

        // Hold the database's write lock, so the second upload places its copy and then waits to commit its row;
        // kill -9 the server in that wait: the dangerous moment, for real.
        let blocker = try Database(path: database)
        try blocker.execute("BEGIN IMMEDIATE")
        let port = server.port
        let video = "video-\(UUID())"
        let request = Self.upload(school: school, title: "บทเรียนที่ 2", video: video, cookie: session.cookie, csrf: session.csrf)
        Thread.detachNewThread { _ = try? RunningServer.request(request, port: port) }
        let deadline = Date().addingTimeInterval(4)
        var placed = AttachmentCrashTests.names(in: sources).subtracting(before).filter { !$0.hasPrefix(".") }
        while placed.isEmpty, Date() < deadline {
            usleep(5_000)
            placed = AttachmentCrashTests.names(in: sources).subtracting(before).filter { !$0.hasPrefix(".") }
        }
        kill(server.process.processIdentifier, SIGKILL)
        server.process.waitUntilExit()
        try blocker.execute("ROLLBACK")
        let orphan = try #require(placed.first, "the upload placed its copy while its commit waited")
        #expect(
            (try? String(contentsOf: sources.appendingPathComponent(orphan), encoding: .utf8)) == video, "the copy is the second upload's")
        let named: Int =
            try Database(path: database, mode: .readOnly)
            .scalar("SELECT count(*) FROM source_file WHERE path = ?", ["sources/" + orphan]) ?? -1
        #expect(named == 0, "the kill left a copy no row names")
        #expect(!AttachmentCrashTests.names(in: uploads).isEmpty, "the kill left the upload's spool")
        // A copy `keepOriginal` had not finished when a kill came (its original is still where it was).
        let partial = "." + orphan + ".partial-12345"
        try Data("half a copy".utf8).write(to: sources.appendingPathComponent(partial))

        // Another process is placing files (`klai ingest` holds the lock shared): sources/ is not touched.
        let ingest = try PlacingLockHolder(media: media, mode: LOCK_SH)
        let waiting = try RunningServer(data: folder)
        #expect(waiting.startupOutput.contains("sources: not swept"), "\(waiting.startupOutput)")
        #expect(AttachmentCrashTests.names(in: sources) == before.union([orphan, partial]), "nothing was removed meanwhile")
        #expect(AttachmentCrashTests.names(in: uploads).isEmpty, "the spool is only serve's: removed")
        #expect(waiting.stop() == 0)
        ingest.release()

        let restarted = try RunningServer(data: folder)
        #expect(restarted.startupOutput.contains("sources: removed 2 file(s) no catalog row names"), "\(restarted.startupOutput)")
        #expect(restarted.startupOutput.contains("sources/" + orphan))
        #expect(AttachmentCrashTests.names(in: sources) == before, "the copy and the partial are gone; the rest is kept")
        #expect(before.contains(foreign), "the recording Klai did not make is kept")
        #expect(restarted.stop() == 0)
    }

    /// `klai ingest` takes the placing lock: while a sweep holds it, the ingest waits instead of placing a copy that
    /// the sweep could take for an orphan; once it is free, the ingest places and commits.
    @Test func klaiIngestRefusesToPlaceACopyWhileTheStartUpSweepHoldsTheLock() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("klai-ingest-lock-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try KlaiProcess.run(["demo", "--clips", "0", "--data", folder.path]).status == 0)
        let media = folder.appendingPathComponent("Media")
        let sources = media.appendingPathComponent("sources")
        let file = folder.appendingPathComponent("DLTV04_2026-06-12_0830.ts")
        try Data("not really a recording \(UUID())".utf8).write(to: file)
        let before = AttachmentCrashTests.names(in: sources)

        let sweep = try PlacingLockHolder(media: media, mode: LOCK_EX)
        let process = Process()
        process.executableURL = KlaiProcess.executable
        process.arguments = ["ingest", "--data", folder.path, file.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(1_500_000)
        #expect(process.isRunning, "the ingest waits for the lock")
        #expect(AttachmentCrashTests.names(in: sources) == before, "and has placed nothing")
        sweep.release()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(AttachmentCrashTests.names(in: sources).subtracting(before).count == 1, "placed once the lock was free")
    }
}
