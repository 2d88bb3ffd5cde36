import Foundation
import KlaiStore
import Testing

/// `klai install --destdir` (what `DESTDIR=… make install` runs after the release build), through the binary.
@Suite struct InstallTests {
    static let sourceCatalog: String = {
        // The repository's Catalog/, found from this file's place in Tests/KlaiCLITests/.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Catalog").path
    }()

    private func stage(_ extra: [String] = []) throws -> (root: URL, outcome: KlaiProcess.Outcome) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("klai-install-\(UUID())")
        let outcome = try KlaiProcess.run(["install", "--destdir", root.path, "--catalog", Self.sourceCatalog] + extra)
        return (root, outcome)
    }

    private func text(_ root: URL, _ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(String(path.dropFirst())), encoding: .utf8)
    }

    private func mode(_ root: URL, _ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: root.path + path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func aStagedInstallWritesTheHardenedUnitsTheConfigurationAndTheUserCommandAndTouchesNothingElse() throws {
        let passwd = try Data(contentsOf: URL(fileURLWithPath: "/etc/passwd"))
        let (root, outcome) = try stage()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(outcome.status == 0, "\(outcome.errors)")
        let unit = try text(root, "/etc/systemd/system/klai.service")
        for line in [
            "User=klai", "Restart=always", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes",
            "PrivateTmp=yes", "ReadWritePaths=/var/lib/klai /var/backups/klai",
            "ExecStart=/usr/local/bin/klai serve --config /etc/klai/klai.conf"
        ] {
            #expect(unit.split(separator: "\n").contains(Substring(line)), "klai.service has \(line)")
        }
        let backup = try text(root, "/etc/systemd/system/klai-backup.service")
        #expect(backup.contains("ExecStart=/usr/local/bin/klai backup --config /etc/klai/klai.conf --rotate /var/backups/klai"))
        let timer = try text(root, "/etc/systemd/system/klai-backup.timer")
        #expect(timer.contains("OnCalendar=") && timer.contains("Persistent=true"))
        let configuration = try text(root, "/etc/klai/klai.conf")
        for line in [
            "data = /var/lib/klai", "port = 8080", "bind = 0.0.0.0", "backup_folder = /var/backups/klai",
            "catalog = /usr/local/share/klai/Catalog", "trusted_proxy ="
        ] {
            #expect(configuration.split(separator: "\n").contains(Substring(line)), "klai.conf has \(line)")
        }
        #expect(try mode(root, "/etc/klai/klai.conf") == 0o640)
        #expect(try mode(root, "/var/lib/klai") == 0o750)
        #expect(try mode(root, "/var/backups/klai") == 0o750)
        #expect(try mode(root, "/usr/local/bin/klai") == 0o755)
        #expect(FileManager.default.fileExists(atPath: root.path + "/usr/local/share/klai/Catalog/grades.json"))
        #expect(try shell([root.path + "/usr/local/bin/klai", "version"]).output.contains("0."), "the copied binary runs")
        #expect(
            outcome.output.contains("useradd --system --user-group --home-dir /var/lib/klai"),
            "the user set-up is printed, not run: \(outcome.output)")
        #expect(outcome.output.contains("systemctl enable --now klai.service klai-backup.timer"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: "/etc/passwd")) == passwd, "a staged install creates no user")
    }

    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze")
                && FileManager.default.fileExists(atPath: "/usr/lib/systemd/system/sysinit.target")))
    func systemdAnalyzeVerifyAcceptsTheInstalledUnitsWithoutAWarning() throws {
        let (root, outcome) = try stage()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(outcome.status == 0, "\(outcome.errors)")
        // verify --root resolves the units' dependencies (sysinit.target …) inside the root: give it the system's.
        try FileManager.default.createDirectory(atPath: root.path + "/usr/lib/systemd", withIntermediateDirectories: true)
        #expect(try shell(["cp", "-a", "/usr/lib/systemd/system", root.path + "/usr/lib/systemd/"]).status == 0)
        let units = ["klai.service", "klai-backup.service", "klai-backup.timer"].map { "/etc/systemd/system/\($0)" }
        let verify = try shell(["systemd-analyze", "verify", "--root=\(root.path)"] + units)
        #expect(verify.status == 0, "\(verify.errors)")
        #expect(verify.errors.isEmpty, "no warnings: \(verify.errors)")
    }

    @Test(.enabled(if: getuid() == 0, "changing to the nobody user needs root"))
    func theInstalledConfigurationServesHealthzAsAnUnprivilegedUserAndPrintsTheFirstAdminOnce() throws {
        let (root, outcome) = try stage()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(outcome.status == 0, "\(outcome.errors)")
        // The installed file, moved under the staging root and onto a free port; nobody stands in for klai.
        let path = root.path + "/etc/klai/klai.conf"
        let moved = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .map { line -> String in
                for key in ["data", "catalog", "backup_folder"] where line.hasPrefix("\(key) = /") {
                    return "\(key) = \(root.path)\(line.dropFirst("\(key) = ".count))"
                }
                return line.hasPrefix("port = ") ? "port = 0" : line.hasPrefix("bind = ") ? "bind = 127.0.0.1" : String(line)
            }.joined(separator: "\n")
        try Data(moved.utf8).write(to: URL(fileURLWithPath: path))
        #expect(chown(path, 0, 65534) == 0 && chown(root.path + "/var/lib/klai", 65534, 65534) == 0)
        #expect(chmod(root.path, 0o755) == 0)
        // setpriv execs klai as nobody (runuser would stay as its parent and report its own status on SIGTERM).
        let server = try RunningServer(
            arguments: ["serve", "--config", path],
            launcher: ["/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"])
        defer { _ = server.stop() }
        let health = try server.request("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        #expect(health.hasPrefix("HTTP/1.1 200"), "\(health)")
        #expect(server.startupOutput.contains("first admin account: admin  one-time password: "))
        var owner = stat()
        #expect(
            stat(root.path + "/var/lib/klai/Klai.sqlite", &owner) == 0 && owner.st_uid == 65534,
            "the library belongs to the unprivileged user")
        let library = try Database(path: root.path + "/var/lib/klai/Klai.sqlite", mode: .readOnly)
        #expect(try library.scalar("SELECT count(*) FROM learning_user", as: Int.self) == 1, "the admin, no demo people")
        #expect(try library.scalar("SELECT count(*) FROM learning_school", as: Int.self) == 0, "no demo school")
        #expect(try library.scalar("SELECT count(*) FROM grade", as: Int.self) ?? 0 > 0, "the reference data is loaded")
        #expect(server.stop() == 0)
    }

    @Test func anInstallWithTLSPutsKlaiOnLoopbackBehindNginxAndTrustsOnlyThatProxy() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("klai-tls-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let certificate = folder.appendingPathComponent("school.pem").path, key = folder.appendingPathComponent("school.key").path
        try Data("-----BEGIN CERTIFICATE-----\n".utf8).write(to: URL(fileURLWithPath: certificate))
        try Data("-----BEGIN PRIVATE KEY-----\n".utf8).write(to: URL(fileURLWithPath: key))
        let (root, outcome) = try stage(["--tls", "\(certificate),\(key)", "--port", "8090"])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(outcome.status == 0, "\(outcome.errors)")
        let configuration = try text(root, "/etc/klai/klai.conf").split(separator: "\n")
        #expect(configuration.contains("bind = 127.0.0.1") && configuration.contains("trusted_proxy = 127.0.0.1"))
        #expect(configuration.contains("port = 8090"))
        let site = try text(root, "/etc/nginx/sites-available/klai")
        #expect(site.contains("proxy_pass http://127.0.0.1:8090;"))
        #expect(site.contains("ssl_certificate_key /etc/klai/tls/klai.key;"))
        #expect(site.contains("proxy_set_header X-Forwarded-For $remote_addr;"), "the client's own header is replaced")
        #expect(
            try FileManager.default.destinationOfSymbolicLink(atPath: root.path + "/etc/nginx/sites-enabled/klai")
                == "/etc/nginx/sites-available/klai")
        #expect(try mode(root, "/etc/klai/tls/klai.key") == 0o600)
        #expect(outcome.output.contains("nginx -t && systemctl reload nginx"))

        // Run again without flags: the configuration keeps the port and the TLS front's settings.
        let again = try KlaiProcess.run(["install", "--destdir", root.path, "--catalog", Self.sourceCatalog])
        #expect(again.status == 0, "\(again.errors)")
        let kept = try text(root, "/etc/klai/klai.conf").split(separator: "\n")
        #expect(kept.contains("port = 8090") && kept.contains("trusted_proxy = 127.0.0.1") && kept.contains("bind = 127.0.0.1"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")))
    func aSelfSignedInstallMakesACertificateForThisHostAndAKeyOnlyRootReads() throws {
        let (root, outcome) = try stage(["--tls", "self-signed"])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(!outcome.errors.contains("+++"), "openssl's progress stays quiet")
        let certificate = root.path + "/etc/klai/tls/klai.crt"
        let parsed = try shell(["openssl", "x509", "-in", certificate, "-noout", "-ext", "subjectAltName"])
        #expect(
            parsed.status == 0 && parsed.output.contains("DNS:localhost") && parsed.output.contains("IP Address:127.0.0.1"),
            "\(parsed.output)\(parsed.errors)")
        #expect(try mode(root, "/etc/klai/tls/klai.key") == 0o600)
        let before = try Data(contentsOf: URL(fileURLWithPath: certificate))
        #expect(
            try KlaiProcess.run(["install", "--destdir", root.path, "--catalog", Self.sourceCatalog, "--tls", "self-signed"])
                .status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: certificate)) == before, "a second install keeps the certificate")
    }

    @Test func aBadTLSArgumentOrAMissingCertificateIsRefusedWithASentence() throws {
        let (root, outcome) = try stage(["--tls", "just-one-file.pem"])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(outcome.status == 2)
        #expect(outcome.errors.contains("--tls takes 'self-signed' or CERT,KEY"))
        let (other, missing) = try stage(["--tls", "/nonexistent/a.pem,/nonexistent/a.key"])
        defer { try? FileManager.default.removeItem(at: other) }
        #expect(missing.status == 1)
        #expect(missing.errors.contains("there is no file /nonexistent/a.pem"))
        #expect(!FileManager.default.fileExists(atPath: other.path), "nothing was written")
    }

    /// Runs a system program and collects what it printed.
    private func shell(_ arguments: [String]) throws -> KlaiProcess.Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return KlaiProcess.Outcome(
            status: process.terminationStatus, output: String(decoding: outData, as: UTF8.self),
            errors: String(decoding: errData, as: UTF8.self))
    }
}
