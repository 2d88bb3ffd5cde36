import Foundation
import Glibc
import KlaiStore
import Testing

/// A `klai serve` killed with SIGKILL while a worksheet upload has placed its PDF in `Media/attachments/` but not
/// yet committed the row naming it: the next start removes that file, says so in its log, and keeps every file a
/// committed row names and every file it did not make.
@Suite struct AttachmentCrashTests {
    static let boundary = "klai-crash-boundary-51"

    /// A whole one-line PDF (header and end marker, what `CatalogAttachments.checkPDF` asks for).
    static let pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

    /// The raw request of the lesson page's worksheet form.
    static func upload(lesson: Int64, title: String, cookie: String, csrf: String) -> String {
        let body =
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"attachment-title\"\r\n\r\n\(title)\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"attachment-type\"\r\n\r\nworksheet\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"attachment-file\"; filename=\"sheet.pdf\"\r\n"
            + "Content-Type: application/pdf\r\n\r\n\(pdf)\r\n--\(boundary)--\r\n"
        return "POST /admin/catalog/\(lesson)/attachments?_csrf=\(csrf) HTTP/1.1\r\nHost: localhost\r\nCookie: \(cookie)\r\n"
            + "Content-Type: multipart/form-data; boundary=\(boundary)\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Connection: close\r\n\r\n\(body)"
    }

    static func signIn(_ server: RunningServer) throws -> (cookie: String, csrf: String) {
        let credentials = #"{"username":"admin","password":"klai-admin"}"#
        let answer = try server.request(
            "POST /api/sign-in HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(credentials.utf8.count)\r\nConnection: close\r\n\r\n\(credentials)")
        let cookie = try #require(
            answer.split(separator: "\r\n").first { $0.hasPrefix("Set-Cookie: klai_session=") }?
                .dropFirst("Set-Cookie: ".count).split(separator: ";").first)
        let csrf = try #require(answer.firstRange(of: #""csrf_token":""#).map { answer[$0.upperBound...].prefix(32) })
        return (String(cookie), String(csrf))
    }

    static func names(in folder: URL) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
    }

    @Test func aWorksheetFileLeftByAKillBetweenPlacingAndCommittingIsRemovedAtTheNextStart() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("klai-attachment-crash-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try KlaiProcess.run(["demo", "--clips", "0", "--data", folder.path]).status == 0)
        let database = folder.appendingPathComponent("Klai.sqlite").path
        let attachments = folder.appendingPathComponent("Media/attachments")
        let lesson: Int64 = try #require(
            try Database(path: database, mode: .readOnly)
                .scalar("SELECT id FROM catalog_item WHERE stable_key = 'dlit-p5-math-001'"))

        let server = try RunningServer(data: folder)
        let session = try Self.signIn(server)
        // One worksheet added normally: its row is committed, so its file must survive everything below.
        let first = try server.request(Self.upload(lesson: lesson, title: "ใบงานที่ 1", cookie: session.cookie, csrf: session.csrf))
        #expect(first.hasPrefix("HTTP/1.1 303"), "\(first.prefix(300))")
        let committed: String = try #require(
            try Database(path: database, mode: .readOnly)
                .scalar("SELECT file_path FROM catalog_item WHERE kind = 'attachment' AND title = 'ใบงานที่ 1'"))
        // A PDF an admin copied in for a manifest not yet imported: no row names it, and Klai did not make it.
        try Data(Self.pdf.utf8).write(to: attachments.appendingPathComponent("ใบงานเพิ่มเติม-สำหรับนำเข้า.pdf"))
        let before = Self.names(in: attachments)

        // Hold the database's write lock, so the second upload places its PDF and then waits to commit its row;
        // kill -9 the server in that wait: the dangerous moment, for real.
        let blocker = try Database(path: database)
        try blocker.execute("BEGIN IMMEDIATE")
        let port = server.port
        let request = Self.upload(lesson: lesson, title: "ใบงานที่ 2", cookie: session.cookie, csrf: session.csrf)
        Thread.detachNewThread { _ = try? RunningServer.request(request, port: port) }
        let deadline = Date().addingTimeInterval(4)
        var placed = Self.names(in: attachments).subtracting(before)
        while placed.isEmpty, Date() < deadline {
            usleep(5_000)
            placed = Self.names(in: attachments).subtracting(before)
        }
        kill(server.process.processIdentifier, SIGKILL)
        server.process.waitUntilExit()
        try blocker.execute("ROLLBACK")
        let orphan = try #require(placed.first, "the upload placed its PDF while its commit waited")
        let named: Int =
            try Database(path: database, mode: .readOnly)
            .scalar("SELECT count(*) FROM catalog_item WHERE file_path = ?", ["attachments/" + orphan]) ?? -1
        #expect(named == 0, "the kill left a file no row names")

        let restarted = try RunningServer(data: folder)
        #expect(restarted.startupOutput.contains("attachments: removed 1 file(s) no catalog row names"), "\(restarted.startupOutput)")
        #expect(restarted.startupOutput.contains("attachments/" + orphan))
        #expect(!Self.names(in: attachments).contains(orphan), "the orphan is gone")
        #expect(Self.names(in: attachments) == before, "the committed worksheet and the admin's own PDF are kept")
        #expect(before.contains(String(committed.dropFirst("attachments/".count))))
        #expect(restarted.stop() == 0)
    }
}
