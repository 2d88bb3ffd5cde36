import Foundation

/// What `klai install` puts where: every path as it will be on the installed machine, and the staging root
/// (`--destdir`) they are written under.
struct InstallPlan: Equatable {
    /// How nginx's TLS front gets its certificate, if there is one.
    enum TLS: Equatable {
        case none
        /// A certificate made on the spot with `openssl`, for the box's host name.
        case selfSigned
        /// The school's own certificate chain and key, copied into /etc/klai/tls/.
        case files(certificate: String, key: String)

        var isEnabled: Bool { self != .none }
    }

    /// The staging root; empty for the real system.
    var destdir: String
    var prefix = "/usr/local"
    var user = "klai"
    var dataFolder = "/var/lib/klai"
    var backupFolder = "/var/backups/klai"
    var port = 8080
    var bind = "0.0.0.0"
    var trustedProxy: String?
    var tls = TLS.none

    var binary: String { prefix + "/bin/klai" }
    var catalogFolder: String { prefix + "/share/klai/Catalog" }
    /// The web pages' stylesheet, scripts and pictures; `klai serve` finds them beside the binary's share folder.
    var assetsFolder: String { prefix + "/share/klai/Assets" }
    let configurationFile = "/etc/klai/klai.conf"
    let unitFolder = "/etc/systemd/system"
    let certificate = "/etc/klai/tls/klai.crt"
    let certificateKey = "/etc/klai/tls/klai.key"
    let nginxSite = "/etc/nginx/sites-available/klai"
    let nginxEnabledSite = "/etc/nginx/sites-enabled/klai"
    /// Debian's welcome site: it claims `default_server` on port 80 as Klai's site does, so it is disabled.
    let nginxDefaultSite = "/etc/nginx/sites-enabled/default"

    var isStaged: Bool { !destdir.isEmpty }

    /// `path` under the staging root.
    func staged(_ path: String) -> String { destdir.isEmpty ? path : destdir + path }

    /// Parses `--tls`: `self-signed`, or `CERT,KEY` (two PEM files).
    /// - Throws: `UsageError` for anything else.
    static func tls(from text: String?, spec: CommandSpec) throws(UsageError) -> TLS {
        guard let text, !text.isEmpty, text != "none" else { return .none }
        if text == "self-signed" { return .selfSigned }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw UsageError(spec: spec, problem: "--tls takes 'self-signed' or CERT,KEY (two PEM files), not '\(text)'")
        }
        return .files(certificate: parts[0], key: parts[1])
    }

    /// The command that creates the service account, as `useradd(8)` takes it.
    var userCreation: [String] {
        [
            "useradd", "--system", "--user-group", "--home-dir", dataFolder, "--no-create-home",
            "--shell", "/usr/sbin/nologin", "--comment", "Klai media server", user
        ]
    }

    /// What still has to happen on the target machine when the files were only staged.
    var remainingSteps: [String] {
        var steps = [
            userCreation.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " "),
            "chown \(user):\(user) \(dataFolder) \(backupFolder)",
            "chgrp \(user) \(configurationFile)",
            "systemctl daemon-reload",
            "systemctl enable --now klai.service klai-backup.timer"
        ]
        if tls.isEnabled { steps.append("nginx -t && systemctl reload nginx") }
        return steps
    }
}
