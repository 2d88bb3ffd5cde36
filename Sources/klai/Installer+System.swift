import Foundation

extension Installer {
    /// On an upgrade, a checked backup made by the installed `klai`, as the service account, before anything
    /// changes: if it fails, the install stops with the system as it was.
    func backUpExistingLibrary() throws {
        let database = plan.dataFolder + "/Klai.sqlite"
        guard FileManager.default.fileExists(atPath: database), FileManager.default.isExecutableFile(atPath: plan.binary),
            getpwnam(plan.user) != nil
        else { return }
        print("an existing library is in \(plan.dataFolder): backing it up before upgrading")
        let status = try Self.runCommand([
            "runuser", "-u", plan.user, "--", plan.binary, "backup",
            "--data", plan.dataFolder, "--rotate", plan.backupFolder
        ])
        guard status == 0 else {
            throw InstallError(
                "the backup before upgrading failed (see above), so nothing was changed; "
                    + "fix the backup folder \(plan.backupFolder) and run 'make install' again")
        }
    }

    /// Creates the system account the service runs as, unless it exists.
    func ensureUser() throws {
        guard getpwnam(plan.user) == nil else { return }
        guard try Self.runCommand(plan.userCreation) == 0 else {
            throw InstallError("could not create the '\(plan.user)' system user (useradd failed, see above)")
        }
        print("created the system user \(plan.user)")
    }

    /// After the files: the first admin of a new library, then systemd (and nginx) take over.
    func finishOnSystem() throws {
        if !FileManager.default.fileExists(atPath: plan.dataFolder + "/Klai.sqlite") {
            // Made by the service account, so every file of the new library is its own.
            let status = try Self.runCommand([
                "runuser", "-u", plan.user, "--", plan.binary, "admin", "create",
                "--if-none", "--config", plan.configurationFile
            ])
            guard status == 0 else { throw InstallError("could not create the new library's first admin (see above)") }
        }
        guard FileManager.default.fileExists(atPath: "/run/systemd/system") else {
            print("systemd is not running on this machine; once it is (or to start Klai by hand), run:")
            print("  systemctl daemon-reload && systemctl enable --now klai.service klai-backup.timer")
            print("  runuser -u \(plan.user) -- \(plan.binary) serve --config \(plan.configurationFile)")
            return
        }
        var steps = [
            ["systemctl", "daemon-reload"], ["systemctl", "enable", "klai.service", "klai-backup.timer"],
            ["systemctl", "restart", "klai.service"], ["systemctl", "start", "klai-backup.timer"]
        ]
        if plan.tls.isEnabled { steps += [["nginx", "-t"], ["systemctl", "reload-or-restart", "nginx"]] }
        for step in steps where try Self.runCommand(step) != 0 {
            throw InstallError("'\(step.joined(separator: " "))' failed (see above)")
        }
        print("Klai is running: systemctl status klai; nightly backups: systemctl list-timers klai-backup.timer")
    }

    /// The certificate and nginx site of the TLS front.
    func installFront() throws {
        try makeFolder("/etc/klai/tls", mode: 0o755)
        switch plan.tls {
        case .none:
            return
        case .selfSigned:
            if !FileManager.default.fileExists(atPath: plan.staged(plan.certificate)) { try makeSelfSignedCertificate() }
        case .files(let certificate, let key):
            try install(contentsOf: certificate, at: plan.certificate, mode: 0o644)
            try install(contentsOf: key, at: plan.certificateKey, mode: 0o600)
        }
        let manager = FileManager.default
        try manager.createDirectory(atPath: plan.staged("/etc/nginx/sites-available"), withIntermediateDirectories: true)
        try manager.createDirectory(atPath: plan.staged("/etc/nginx/sites-enabled"), withIntermediateDirectories: true)
        try write(plan.nginxSiteText, to: plan.nginxSite, mode: 0o644)
        let enabled = plan.staged(plan.nginxEnabledSite)
        try? manager.removeItem(atPath: enabled)
        try manager.createSymbolicLink(atPath: enabled, withDestinationPath: plan.nginxSite)
        let welcome = plan.staged(plan.nginxDefaultSite)
        if (try? manager.destinationOfSymbolicLink(atPath: welcome)) != nil {
            try manager.removeItem(atPath: welcome)
            print("disabled nginx's default site (\(plan.nginxDefaultSite)): Klai's site answers on ports 80 and 443")
        }
    }

    /// A certificate for this host's name, valid ten years, made with `openssl req -x509`.
    private func makeSelfSignedCertificate() throws {
        var name = [CChar](repeating: 0, count: 256)
        let host =
            gethostname(&name, name.count) == 0
            ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "klai"
        let status = try Self.runCommand(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "3650", "-subj", "/CN=\(host)",
                "-addext", "subjectAltName=DNS:\(host),DNS:\(host).local,DNS:localhost,IP:127.0.0.1",
                "-keyout", plan.staged(plan.certificateKey), "-out", plan.staged(plan.certificate)
            ], quiet: true)
        guard status == 0 else {
            throw InstallError("openssl could not make a self-signed certificate (is the 'openssl' package installed?)")
        }
        chmod(plan.staged(plan.certificateKey), 0o600)
        chmod(plan.staged(plan.certificate), 0o644)
        print("made a self-signed certificate for \(host): \(plan.certificate) (browsers warn until it is trusted)")
    }

    /// Runs a program found on `PATH`, with this terminal as its output unless `quiet`: then what it printed
    /// is shown only when it fails.
    /// - Returns: its exit status.
    /// - Throws: when it cannot be started (not installed).
    static func runCommand(_ arguments: [String], quiet: Bool = false) throws -> Int32 {
        flushStandardOutput()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        // The service account may not be allowed into the folder `make install` runs in.
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        let captured = Pipe()
        if quiet {
            process.standardOutput = captured
            process.standardError = captured
        }
        do {
            try process.run()
        } catch {
            throw InstallError("cannot run \(arguments.first ?? "a program"): \(error)")
        }
        let output = quiet ? captured.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        if process.terminationStatus != 0 && !output.isEmpty {
            printError(String(decoding: output, as: UTF8.self))
        }
        return process.terminationStatus
    }
}
