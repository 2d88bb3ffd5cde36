import Foundation

/// `klai install`: set Klai up as a service on a Debian box (what `make install` runs after the build).
enum InstallCommand: Command {
    static let spec = CommandSpec(
        name: ["install"], summary: "Install Klai as a system service: binary, configuration, systemd units, backups.",
        discussion: """
            Writes the binary to PREFIX/bin/klai, the reference data to PREFIX/share/klai/Catalog, /etc/klai/klai.conf
            (root:klai 0640), klai.service, klai-backup.service and klai-backup.timer, and makes the data and backup
            folders (klai:klai 0750). As root with no --destdir it also creates the 'klai' system user, backs up an
            existing library first (an upgrade: the new binary migrates it when the service restarts), creates the
            first admin of a new library (its one-time password is printed once) and starts the service.
            With --destdir DIR everything is written under DIR and nothing else is touched; the commands still to
            run on the target machine are printed. An existing klai.conf keeps its values unless a flag changes them.
            --tls self-signed or --tls CERT,KEY adds Debian's nginx as an HTTPS front on ports 443 and 80, with
            Klai listening on 127.0.0.1 and trusting the forwarded client address from there only.
            """,
        options: [
            OptionSpec("destdir", value: "DIR", help: "Write everything under DIR instead of the system.", environment: "DESTDIR"),
            OptionSpec("tls", value: "self-signed|CERT,KEY", help: "Put nginx in front with HTTPS.", default: "no TLS front"),
            OptionSpec("prefix", value: "DIR", help: "Where bin/klai and share/klai go.", default: "/usr/local"),
            OptionSpec("data", value: "DIR", help: "The library's data folder.", default: "/var/lib/klai"),
            OptionSpec("backup-folder", value: "DIR", help: "Where nightly backups go.", default: "/var/backups/klai"),
            OptionSpec("port", value: "PORT", help: "Klai's TCP port.", default: "8080"),
            OptionSpec("bind", value: "ADDRESS", help: "Klai's listen address.", default: "0.0.0.0, or 127.0.0.1 with --tls"),
            OptionSpec("binary", value: "FILE", help: "The klai program to install.", default: "this program"),
            OptionSpec("catalog", value: "DIR", help: "Reference data to install.", default: "Catalog/ in the current folder")
        ])

    static func run(_ invocation: Invocation) throws -> Int32 {
        var plan = InstallPlan(destdir: invocation.value("destdir").map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? "")
        if !plan.isStaged && getuid() != 0 {
            throw InstallError(
                "installing into the system needs root: run 'sudo make install', or stage the files "
                    + "with DESTDIR=/some/folder make install")
        }
        try configure(&plan, from: invocation)
        let binary = invocation.value("binary") ?? "/proc/self/exe"
        let catalog = invocation.value("catalog") ?? FileManager.default.currentDirectoryPath + "/Catalog"
        guard FileManager.default.fileExists(atPath: catalog + "/grades.json") else {
            throw InstallError("no reference data at \(catalog) (grades.json missing); run from Klai's source folder or give --catalog DIR")
        }
        let assets = FileManager.default.currentDirectoryPath + "/Sources/KlaiWeb/Assets"
        guard FileManager.default.fileExists(atPath: assets + "/css/site.css") else {
            throw InstallError("no web assets at \(assets); run from Klai's source folder")
        }
        let installer = Installer(plan: plan)
        if !plan.isStaged {
            try installer.backUpExistingLibrary()
            try installer.ensureUser()
        }
        try installer.writeFiles(binary: binary, catalog: catalog, assets: assets)
        if plan.isStaged {
            print("staged a Klai install under \(plan.destdir). On the target machine, as root, then run:")
            for step in plan.remainingSteps { print("  \(step)") }
            return 0
        }
        try installer.finishOnSystem()
        return 0
    }

    /// Settings from flags, else the existing configuration file (so a second install keeps an admin's edits),
    /// else defaults; `--tls` moves Klai behind the proxy on loopback.
    private static func configure(_ plan: inout InstallPlan, from invocation: Invocation) throws {
        let existingPath = plan.staged(plan.configurationFile)
        let existing =
            FileManager.default.fileExists(atPath: existingPath)
            ? try ConfigurationFile(path: existingPath).values : [:]
        func setting(_ option: String, _ key: String) -> String? {
            invocation.value(option) ?? existing[key].flatMap { $0.isEmpty ? nil : $0 }
        }
        plan.tls = try InstallPlan.tls(from: invocation.value("tls"), spec: spec)
        plan.prefix = invocation.value("prefix") ?? plan.prefix
        plan.dataFolder = setting("data", "data") ?? plan.dataFolder
        plan.backupFolder = setting("backup-folder", "backup_folder") ?? plan.backupFolder
        if let port = setting("port", "port") {
            guard let number = Int(port), (1...65535).contains(number) else {
                throw UsageError(spec: spec, problem: "the port must be a number from 1 to 65535, not '\(port)'")
            }
            plan.port = number
        }
        plan.bind = setting("bind", "bind") ?? plan.bind
        plan.trustedProxy = existing["trusted_proxy"].flatMap { $0.isEmpty ? nil : $0 }
        if case .files(let certificate, let key) = plan.tls {
            for file in [certificate, key] where !FileManager.default.fileExists(atPath: file) {
                throw InstallError("there is no file \(file) for --tls CERT,KEY; nothing was installed")
            }
        }
        if plan.tls.isEnabled {
            plan.bind = invocation.value("bind") ?? "127.0.0.1"
            plan.trustedProxy = "127.0.0.1"
        }
        for (name, path) in [("data", plan.dataFolder), ("backup folder", plan.backupFolder), ("prefix", plan.prefix)] {
            guard path.hasPrefix("/"), !path.contains(where: \.isWhitespace) else {
                throw UsageError(spec: spec, problem: "the \(name) must be an absolute path without spaces, not '\(path)'")
            }
        }
        guard ServeSettings.isAddressLiteral(plan.bind) else {
            throw UsageError(spec: spec, problem: "--bind takes an IP address such as 0.0.0.0, not '\(plan.bind)'")
        }
    }
}

/// An install that cannot go on, said in a sentence.
struct InstallError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
