import Foundation
import KlaiStore
import Testing

@Suite struct ServeTests {
    private func makeFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("klai-serve-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func serveCreatesTheLibraryOnFirstRunAndAnswersHealthzOnARealSocket() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try RunningServer(data: folder)
        let response = try server.request("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        #expect(response.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(response.hasSuffix("\r\n\r\nok\n"))
        #expect(try server.request("GET /nothing HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").hasPrefix("HTTP/1.1 404"))
        for path in ["Klai.sqlite", "Media/inbox", "Media/sources", "Media/hls"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path), "\(path) exists")
        }
        #expect(server.stop() == 0, "SIGTERM stops the server cleanly")
    }

    @Test func aBackupOfARunningLibraryIsCheckedAndIntact() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try RunningServer(data: folder)
        defer { _ = server.stop() }
        let copy = folder.appendingPathComponent("copy.sqlite").path
        let outcome = try KlaiProcess.run(["backup", copy], environment: ["KLAI_DATA": folder.path])
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.output.contains("integrity check of the copy: ok"))
        #expect(FileManager.default.fileExists(atPath: copy))
    }

    @Test func aFlagOverridesTheEnvironmentWhichOverridesTheDefault() throws {
        let flagged = try makeFolder(), environment = try makeFolder(), current = try makeFolder()
        defer { for folder in [flagged, environment, current] { try? FileManager.default.removeItem(at: folder) } }
        #expect(try KlaiProcess.run(["demo", "--empty", "--data", flagged.path], environment: ["KLAI_DATA": environment.path]).status == 0)
        #expect(try KlaiProcess.run(["demo", "--empty"], environment: ["KLAI_DATA": environment.path]).status == 0)
        #expect(try KlaiProcess.run(["demo", "--empty"], in: current).status == 0)
        for folder in [flagged, environment, current] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("Klai.sqlite").path))
        }
    }

    @Test func aDatabaseFromANewerKlaiIsRefusedAndLeftAlone() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try KlaiProcess.run(["demo", "--empty", "--data", folder.path]).status == 0)
        let database = folder.appendingPathComponent("Klai.sqlite").path
        do {
            // A migration this binary does not know, as a later Klai would record it.
            let db = try Database(path: database)
            try db.execute("INSERT INTO klai_migration VALUES ('future.1-something', '2027-01-01T00:00:00.000Z')")
            try db.executeScript("PRAGMA wal_checkpoint(TRUNCATE)")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: database))
        let outcome = try KlaiProcess.run(["serve", "--data", folder.path, "--port", "0"])
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("newer version of Klai"))
        #expect(outcome.errors.contains("future.1-something"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == before)
    }

    /// The attack that once stopped the whole process: a signed-in pupil posts a device time of 1e22 ms.
    @Test func anEventFromTheYearTenQuintillionIsRefusedAndTheServerKeepsServing() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try KlaiProcess.run(["demo", "--clips", "0", "--data", folder.path]).status == 0)
        let server = try RunningServer(data: folder)
        defer { _ = server.stop() }
        let credentials = #"{"username":"1099990001-01001","password":"klai-pupil"}"#
        let signIn = try server.request(
            "POST /api/sign-in HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(credentials.utf8.count)\r\nConnection: close\r\n\r\n\(credentials)")
        #expect(signIn.hasPrefix("HTTP/1.1 200"), "\(signIn)")
        let cookie = try #require(
            signIn.split(separator: "\r\n").first { $0.hasPrefix("Set-Cookie: klai_session=") }?
                .dropFirst("Set-Cookie: ".count).split(separator: ";").first)
        let csrf = try #require(signIn.firstRange(of: #""csrf_token":""#).map { signIn[$0.upperBound...].prefix(32) })
        for hostile in ["1e22", "-1e22", "1e308", "\"99999-01-01T00:00:00Z\""] {
            let batch =
                #"{"events":[{"event_id":"6F1C0000-0000-4000-8000-000000000001","#
                + #""session_id":"0B7E0000-0000-4000-8000-000000000001","item":1,"kind":"progress","#
                + #""position":1,"device_time":\#(hostile)}]}"#
            let answer = try server.request(
                "POST /api/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Cookie: \(cookie)\r\nX-CSRF-Token: \(csrf)\r\nContent-Length: \(batch.utf8.count)\r\nConnection: close\r\n\r\n\(batch)")
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(hostile): \(answer)")
            #expect(answer.contains("events[0].device_time"), "the refusal names the field: \(answer)")
        }
        let health = try server.request("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        #expect(health.hasPrefix("HTTP/1.1 200"), "the server is still up")
    }
}
