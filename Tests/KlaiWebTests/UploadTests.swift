import Foundation
import Glibc
import KlaiCatalog
import KlaiStore
import Testing

@testable import KlaiWeb

/// Uploads through `/admin/content/upload` as a browser sends them (multipart/form-data), over raw sockets
/// so a test can declare a length it never sends, or stop half-way: the disk floor answers 507 before the
/// content is read, a disk that fills mid-stream answers 507, and a cut or refused upload leaves no file
/// and no row behind.
@Suite(.serialized) struct UploadTests {
    /// A mounted tmpfs of `megabytes`, unmounted on deinit; nil when this machine does not let us mount (not root).
    final class SmallDisk {
        let folder: URL
        init?(megabytes: Int = 64) {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("klai-upload-disk-\(UUID().uuidString)")
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            guard Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(megabytes)m", "tmpfs", folder.path]) else {
                try? FileManager.default.removeItem(at: folder)
                return nil
            }
        }
        deinit {
            _ = Self.run("/bin/umount", ["-l", folder.path])
            try? FileManager.default.removeItem(at: folder)
        }
        func fill(megabytes: Int) throws {
            try Data(count: megabytes * 1_000_000).write(to: folder.appendingPathComponent("filler"))
        }
        static func run(_ tool: String, _ arguments: [String]) -> Bool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return false }
            process.waitUntilExit()
            return process.terminationStatus == 0
        }
    }

    static let canMount: Bool = SmallDisk(megabytes: 1) != nil

    /// One upload on its own connection: the head, then as much of the content as the test wants.
    final class RawUpload {
        static let boundary = "klai-test-boundary-7d1f"
        let fd: Int32
        let prefix: [UInt8]
        let suffix = Array("\r\n--\(RawUpload.boundary)--\r\n".utf8)
        let contentLength: Int

        /// Connects and sends the head of an upload to `path` of text `fields` and a `fileBytes`-byte file named `name`.
        init(
            _ web: WebServer, session: (cookie: String, csrf: String), fileBytes: Int, name: String = "DLTV04_2026-06-12_0830.ts",
            path: String = "/admin/content/upload", fields: [(String, String)] = []
        ) throws {
            let text = fields.map { "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"\($0.0)\"\r\n\r\n\($0.1)\r\n" }.joined()
            prefix = Array(
                (text + "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\n"
                    + "Content-Type: video/mp2t\r\n\r\n").utf8)
            contentLength = prefix.count + fileBytes + suffix.count
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(web.port).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var timeout = timeval(tv_sec: 60, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
            let head =
                "POST \(path)?_csrf=\(session.csrf) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Cookie: \(session.cookie)\r\nContent-Type: multipart/form-data; boundary=\(Self.boundary)\r\n"
                + "Content-Length: \(contentLength)\r\n\r\n"
            send(Array(head.utf8))
        }
        deinit { close(fd) }

        /// Writes without SIGPIPE; false once the server has closed.
        @discardableResult
        func send(_ bytes: [UInt8]) -> Bool {
            var done = 0
            while done < bytes.count {
                let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + done, $0.count - done, Int32(MSG_NOSIGNAL)) }
                if n <= 0 { return false }
                done += n
            }
            return true
        }

        /// Sends the multipart prefix and `bytes` of the file (pseudo-random, so nothing compresses it away).
        @discardableResult
        func sendFile(_ bytes: Int, andFinish finish: Bool) -> Bool {
            guard send(prefix) else { return false }
            var generator = SystemRandomNumberGenerator()
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            var left = bytes
            while left > 0 {
                let n = min(left, chunk.count)
                for i in stride(from: 0, to: n, by: 8) {
                    withUnsafeBytes(of: generator.next() as UInt64) { chunk.replaceSubrange(i..<min(i + 8, n), with: $0.prefix(n - i)) }
                }
                guard send(Array(chunk[..<n])) else { return false }
                left -= n
            }
            return finish ? send(suffix) : true
        }

        /// Reads the answer until the server closes.
        func answer() -> WebServer.Answer {
            var response = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(fd, &buffer, buffer.count)
                if n <= 0 { break }
                response += buffer[..<n]
            }
            return WebServer.Answer(String(decoding: response, as: UTF8.self))
        }
    }

    /// Files under Media/ (uploads, sources, the spool): what an upload may leave behind.
    static func filesLeft(_ web: WebServer) -> [String] { WebServer.files(under: web.folder.appendingPathComponent("Media")) }

    /// What an upload may leave: files under Media/ and catalog rows.
    static func leftovers(_ web: WebServer) throws -> (files: [String], sources: Int64) {
        let sources: Int64 = try web.store.readSync { db in try db.scalar("SELECT count(*) FROM source_file") ?? -1 }
        return (filesLeft(web), sources)
    }

    /// Polls until `condition` holds or 5 s pass (the spool file is removed off the event loop).
    static func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<100 {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    @Test(.enabled(if: canMount, "mounting a tmpfs needs root; the floor is not tested on a small disk here"))
    func anUploadThatWouldCrossTheDiskFloorIsRefusedWith507BeforeItsContentIsRead() async throws {
        let disk = try #require(SmallDisk(megabytes: 64))
        let web = try WebServer(
            folder: disk.folder.appendingPathComponent("data"),
            web: {
                $0.diskFloor = DiskFloor(folder: disk.folder, minimumBytes: 16_000_000, minimumFraction: 1)
            })
        try disk.fill(megabytes: 36)  // about 28 MB free: 20 MB more would leave 8 MB, under the 16 MB floor
        let session = try web.signIn("admin", "admin-password")
        let upload = try RawUpload(web, session: session, fileBytes: 20_000_000)
        // Not one byte of content is sent: the answer must come from the head alone.
        let answer = upload.answer()
        #expect(answer.status == 507)
        #expect(answer.body.contains("พื้นที่ดิสก์ไม่พอ") && answer.body.contains("20.0 MB"), "\(answer.body.prefix(600))")
        let left = try Self.leftovers(web)
        #expect(left.files.isEmpty && left.sources == 0, "\(left)")

        // The page says so too, and tells the script how much room there is.
        let page = try web.send("GET", "/admin/content", headers: ["Cookie": session.cookie])
        #expect(page.body.contains(#"data-room=""#))
        try disk.fill(megabytes: 50)
        let full = try web.send("GET", "/admin/content", headers: ["Cookie": session.cookie])
        #expect(full.body.contains(#"id="disk-full""#) && full.body.contains("พื้นที่ดิสก์ไม่พอ"))
        await web.stop()
    }

    @Test(.enabled(if: canMount, "mounting a tmpfs needs root; a full disk is not tested here"))
    func anUploadThatFillsTheDiskWhileItIsCopiedGets507AndLeavesNothing() async throws {
        let disk = try #require(SmallDisk(megabytes: 64))
        // No floor: only the disk filling up stops this upload. 36 MB fit once (the spool) but not twice (the file part).
        let web = try WebServer(folder: disk.folder.appendingPathComponent("data"))
        let session = try web.signIn("admin", "admin-password")
        let upload = try RawUpload(web, session: session, fileBytes: 36_000_000)
        upload.sendFile(36_000_000, andFinish: true)
        let answer = upload.answer()
        #expect(answer.status == 507)
        #expect(answer.body.contains("พื้นที่ดิสก์"), "\(answer.body.prefix(600))")
        #expect(Self.eventually { Self.filesLeft(web).isEmpty }, "\(Self.filesLeft(web))")
        #expect(try Self.leftovers(web).sources == 0)
        await web.stop()
    }

    @Test(.enabled(if: canMount, "mounting a tmpfs needs root; a full disk is not tested here"))
    func anUploadBiggerThanTheDiskGets507WhileItArrivesAndLeavesNothing() async throws {
        let disk = try #require(SmallDisk(megabytes: 64))
        let web = try WebServer(folder: disk.folder.appendingPathComponent("data"))
        let session = try web.signIn("admin", "admin-password")
        let upload = try RawUpload(web, session: session, fileBytes: 80_000_000)
        upload.sendFile(80_000_000, andFinish: true)
        let answer = upload.answer()
        #expect(answer.status == 507)
        #expect(answer.body.contains("พื้นที่ดิสก์ของเครื่องแม่ข่ายเต็ม"), "\(answer.body.prefix(600))")
        #expect(Self.eventually { Self.filesLeft(web).isEmpty }, "\(Self.filesLeft(web))")
        #expect(try Self.leftovers(web).sources == 0)
        await web.stop()
    }

    @Test func anUploadCutOffHalfWayLeavesNoFileAndNoRow() async throws {
        let web = try WebServer()
        let session = try web.signIn("admin", "admin-password")
        let upload = try RawUpload(web, session: session, fileBytes: 8_000_000)
        #expect(upload.sendFile(4_000_000, andFinish: false))
        // Half the file is on the server's disk by now (the spool), so the cleaning below is not vacuous.
        #expect(Self.eventually { !WebServer.files(under: web.uploads).isEmpty }, "the spool file should exist mid-upload")
        shutdown(upload.fd, Int32(SHUT_RDWR))
        #expect(Self.eventually { Self.filesLeft(web).isEmpty }, "\(Self.filesLeft(web))")
        #expect(try Self.leftovers(web).sources == 0)
        let audit: Int64 = try web.store.readSync { db in
            try db.scalar("SELECT count(*) FROM learning_audit WHERE action = 'content.upload'") ?? -1
        }
        #expect(audit == 0)
        await web.stop()
    }

    @Test func aPupilCannotUploadAndIsRefusedBeforeTheContentIsRead() async throws {
        let web = try WebServer()
        let session = try web.signIn("pupil", "pupil-password")
        let upload = try RawUpload(web, session: session, fileBytes: 4_000_000)
        let answer = upload.answer()
        #expect(answer.status == 403)
        #expect(WebServer.files(under: web.uploads).isEmpty)
        await web.stop()
    }
}
