import Foundation
import KlaiStore
import Testing

/// `klai serve` as an installed box runs it: its configuration file, its lock, the demo-password guard and
/// the first admin.
@Suite struct ServeProductionTests {
    private func makeFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("klai-prod-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func serveRefusesTheNetworkWhileDemoAccountsKeepTheirPublishedPasswordsAndAllowsItOnceChanged() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try KlaiProcess.run(["demo", "--clips", "0", "--data", folder.path]).status == 0)
        let refused = try KlaiProcess.run(["serve", "--data", folder.path, "--bind", "0.0.0.0", "--port", "0"])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("refusing to listen on 0.0.0.0"), "\(refused.errors)")
        #expect(refused.errors.contains("admin, nitet, kru.somsri, 1099990001-01001"), "every exposed account is named")
        #expect(refused.errors.contains("klai users reset-password"), "the sentence says how to fix it")

        for username in ["admin", "nitet", "kru.somsri", "1099990001-01001", "director"] {
            let reset = try KlaiProcess.run(["users", "reset-password", username, "--data", folder.path])
            #expect(reset.status == 0, "\(reset.errors)")
        }
        let server = try RunningServer(arguments: ["serve", "--data", folder.path, "--bind", "0.0.0.0", "--port", "0"])
        let health = try server.request("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        #expect(health.hasPrefix("HTTP/1.1 200"))
        #expect(server.stop() == 0)
    }

    @Test func aTypoInTheConfigurationFileIsRefusedWithItsLineAndFlagsOverrideTheFile() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let library = folder.appendingPathComponent("library")
        #expect(try KlaiProcess.run(["demo", "--empty", "--data", library.path]).status == 0)
        let configuration = folder.appendingPathComponent("klai.conf")
        try Data("# a school box\ndata = \(library.path)\nprot = 8080\n".utf8).write(to: configuration)
        let typo = try KlaiProcess.run(["serve", "--config", configuration.path])
        #expect(typo.status == 1)
        #expect(typo.errors.contains("\(configuration.path):3: unknown setting 'prot'"), "\(typo.errors)")

        // The file's port is out of range: only the flag (which overrides it) lets the server start.
        try Data("data = \"\(library.path)\"\nport = 70000\nbind = 127.0.0.1\ntrusted_proxy = 127.0.0.1\n".utf8)
            .write(to: configuration)
        let badPort = try KlaiProcess.run(["serve", "--config", configuration.path])
        #expect(badPort.status == 2 && badPort.errors.contains("--port must be a whole number"), "\(badPort.errors)")
        let server = try RunningServer(arguments: ["serve", "--config", configuration.path, "--port", "0"])
        #expect(server.startupOutput.contains("serving \(library.path) at"), "the data folder came from the file")
        #expect(server.stop() == 0)

        try Data("data = \(library.path)\ntrusted_proxy = school-router\n".utf8).write(to: configuration)
        let badProxy = try KlaiProcess.run(["serve", "--config", configuration.path, "--port", "0"])
        #expect(badProxy.status == 2 && badProxy.errors.contains("--trusted-proxy must be one IP address"))
    }

    @Test func aSecondServerOnTheSameLibraryIsRefusedWhileTheFirstRuns() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try KlaiProcess.run(["demo", "--empty", "--data", folder.path]).status == 0)
        let first = try RunningServer(data: folder)
        let second = try KlaiProcess.run(["serve", "--data", folder.path, "--port", "0"])
        #expect(second.status == 1)
        #expect(second.errors.contains("another Klai process is using \(folder.path)"), "\(second.errors)")
        #expect(first.stop() == 0)
        let third = try RunningServer(data: folder)
        #expect(third.stop() == 0, "the lock went with the first server")
    }

    @Test func aFirstAdminSignsInWithTheOneTimePasswordAndMustChangeIt() throws {
        let folder = try makeFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try KlaiProcess.run(["demo", "--empty", "--data", folder.path]).status == 0)
        let created = try KlaiProcess.run(["admin", "create", "--data", folder.path])
        #expect(created.status == 0, "\(created.errors)")
        let marker = "one-time password: "
        let line = try #require(created.output.split(separator: "\n").first { $0.contains(marker) })
        let password = String(line[try #require(line.range(of: marker)).upperBound...])
        #expect(password.count == 12)
        let again = try KlaiProcess.run(["admin", "create", "--if-none", "--data", folder.path])
        #expect(again.status == 0 && again.output.contains("already has an admin account") && !again.output.contains(marker))

        let server = try RunningServer(data: folder)
        defer { _ = server.stop() }
        let body = #"{"username":"admin","password":"\#(password)"}"#
        let signIn = try server.request(
            "POST /api/sign-in HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
        #expect(signIn.hasPrefix("HTTP/1.1 200"), "\(signIn)")
        #expect(signIn.contains(#""must_change_password":true"#))
    }
}
