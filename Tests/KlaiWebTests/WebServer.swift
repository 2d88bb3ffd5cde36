import Foundation
import Glibc
import KlaiCatalog
import KlaiEvaluation
import KlaiHTTP
import KlaiLearning
import KlaiStore

@testable import KlaiWeb

/// Klai's web layer on a real server (127.0.0.1, port 0) over a temporary library with the shipped reference
/// data, one pupil (`pupil` / `pupil-password`) and one admin (`admin` / `admin-password`).
final class WebServer {
    let folder: URL
    let store: Store
    let server: HTTPServer
    let port: Int
    let pupilID: Int64
    let schoolID: Int64
    /// Where the HTTP layer spools large bodies (`Media/uploads`, as `klai serve` sets it).
    var uploads: URL { folder.appendingPathComponent("Media/uploads") }

    /// - Parameters:
    ///   - folder: the data folder (a mounted small disk, say); a new temporary folder by default.
    ///   - web: changes to the web configuration (disk floor, backup folder).
    ///   - http: changes to the HTTP server's configuration (a trusted proxy).
    init(
        folder given: URL? = nil, web adjustWeb: (inout KlaiWeb.Configuration) -> Void = { _ in },
        http adjustHTTP: (inout HTTPServerConfiguration) -> Void = { _ in }
    ) throws {
        folder = given ?? FileManager.default.temporaryDirectory.appendingPathComponent("klai-web-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Media/hls"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Media/uploads"), withIntermediateDirectories: true)
        var migrator = CatalogSchema.migrator
        LearningSchema.register(in: &migrator)
        EvaluationSchema.register(in: &migrator)
        store = try Store(configuration: .init(path: folder.appendingPathComponent("Klai.sqlite").path), migrator: migrator)
        let catalog = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Catalog").standardized
        _ = try ReferenceData.load(folder: catalog, into: store)
        let hash = PasswordHash(password: "pupil-password", iterations: 1000)
        let adminHash = PasswordHash(password: "admin-password", iterations: 1000)
        (pupilID, schoolID) = try store.writeSync { db in
            let school = try Directory.addSchool(db, code: "1012345678", name: "โรงเรียนทดสอบ")
            _ = try Directory.addUser(db, username: "admin", displayName: "ผู้ดูแล", password: adminHash, grants: [RoleGrant(.admin)])
            return (
                try Directory.addUser(
                    db, username: "pupil", displayName: "ด.ญ.ทดสอบ", password: hash,
                    grants: [RoleGrant(.student, schoolID: school)]), school
            )
        }
        var webConfiguration = KlaiWeb.Configuration(
            store: store, media: MediaLibrary(root: folder.appendingPathComponent("Media")),
            secret: ServerSecret(key: Array(repeating: 7, count: 32)))
        adjustWeb(&webConfiguration)
        let web = try KlaiWeb(configuration: webConfiguration)
        var router = Router()
        try web.register(on: &router)
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0, eventLoopCount: 1)
        configuration.allowedHosts = ["klai.school.local"]
        configuration.temporaryDirectory = folder.appendingPathComponent("Media/uploads").path
        adjustHTTP(&configuration)
        server = HTTPServer(configuration: configuration, responder: router)
        try server.start()
        port = server.localAddress?.port ?? 0
    }

    func stop() async {
        await server.shutdown()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Signs in through the JSON API: the session cookie and the CSRF token forms carry.
    func signIn(_ username: String, _ password: String) throws -> (cookie: String, csrf: String) {
        let answer = try send(
            "POST", "/api/sign-in", headers: ["Content-Type": "application/json"],
            body: #"{"username":"\#(username)","password":"\#(password)"}"#)
        let token = answer.body.firstRange(of: #""csrf_token":""#).map { String(answer.body[$0.upperBound...].prefix { $0 != "\"" }) }
        guard answer.status == 200, let token else { throw POSIXError(.EACCES) }
        return (answer.cookies, token)
    }

    /// Every regular file under `folder` (recursively): what an upload may have left behind.
    static func files(under folder: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        return walker.compactMap { item in
            guard let url = item as? URL, (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { return nil }
            return url.path
        }
    }

    /// One exchange over a new connection: the status, the header fields and the content.
    func send(_ method: String, _ path: String, headers: [String: String] = [:], body: String = "") throws -> Answer {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(headers["Host"] ?? "127.0.0.1")\r\nConnection: close\r\n"
        for (name, value) in headers where name != "Host" { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.utf8.count)\r\n" }
        let bytes = Array((head + "\r\n" + body).utf8)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        var response = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { break }
            response += buffer[..<count]
        }
        return Answer(String(decoding: response, as: UTF8.self))
    }

    /// A response as read off the wire.
    struct Answer {
        let status: Int
        let fields: [(name: String, value: String)]
        let body: String

        init(_ raw: String) {
            let parts = raw.components(separatedBy: "\r\n\r\n")
            let lines = (parts.first ?? "").components(separatedBy: "\r\n")
            status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
            fields = lines.dropFirst().compactMap { line in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]).lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
            body = parts.dropFirst().joined(separator: "\r\n\r\n")
        }

        func field(_ name: String) -> String? { fields.first { $0.name == name.lowercased() }?.value }

        /// `name=value` pairs of every Set-Cookie, for the next request's Cookie field.
        var cookies: String {
            fields.filter { $0.name == "set-cookie" }.compactMap { $0.value.split(separator: ";").first.map(String.init) }
                .joined(separator: "; ")
        }

        /// The CSRF token the page's forms carry.
        var csrf: String? {
            guard let range = body.range(of: #"name="_csrf" value=""#) else { return nil }
            return String(body[range.upperBound...].prefix { $0 != "\"" })
        }
    }
}
