import Foundation

/// How `klai serve` listens, resolved from flags, then environment, then the configuration file, then defaults.
struct ServeSettings: Equatable {
    static let options = [
        OptionSpec("port", value: "PORT", help: "TCP port (0 picks a free one).", environment: "KLAI_PORT", default: "8080"),
        OptionSpec(
            "bind", value: "ADDRESS", help: "Address to listen on (IPv4 or IPv6).", environment: "KLAI_BIND",
            default: "127.0.0.1"),
        OptionSpec(
            "trusted-proxy", value: "ADDRESS",
            help: "The TLS front (e.g. 127.0.0.1) whose forwarded client addresses are believed.",
            environment: "KLAI_TRUSTED_PROXY", default: "none: every client address is the socket's"),
        OptionSpec(
            "hostname", value: "NAMES",
            help: "Names the box answers to besides its IP addresses, comma-separated (e.g. klai.school.local).",
            environment: "KLAI_HOSTNAMES", default: "this machine's hostname"),
        OptionSpec(
            "backup-folder", value: "FOLDER",
            help: "Where the admin page's \"Back up now\" writes (backup_folder: the nightly backup's folder and rotation).",
            environment: "KLAI_BACKUP_FOLDER", default: "DATA/backups")
    ]

    var port: Int
    var bind: String
    /// The one address whose `X-Forwarded-For` Klai may believe (the nginx front `klai install --tls` sets
    /// up); nil when Klai faces clients directly. Connect it to the HTTP server's configuration.
    var trustedProxy: String?
    /// Names accepted in the `Host` field (besides IP literals and loopback names): another name gets 421, so a
    /// page elsewhere that points its own name at the school box (DNS rebinding) reads nothing.
    var hostNames: [String]
    /// The nightly backup's folder, which "Back up now" shares; nil: `backups/` in the data folder.
    var backupFolder: URL?

    /// Reads the settings from `invocation` (after `applyingConfigurationFile()`).
    /// - Throws: `UsageError` for a port out of range or a trusted proxy that is not an IP address.
    init(_ invocation: Invocation) throws(UsageError) {
        port = try invocation.integer("port", in: 0...65535) ?? 8080
        bind = invocation.value("bind") ?? "127.0.0.1"
        trustedProxy = invocation.value("trusted-proxy")
        backupFolder = invocation.value("backup-folder").map { URL(fileURLWithPath: $0, isDirectory: true).standardizedFileURL }
        var names = (invocation.value("hostname") ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
        if names.isEmpty {
            var buffer = [CChar](repeating: 0, count: 256)
            if gethostname(&buffer, buffer.count) == 0 {
                let own = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).lowercased()
                if !own.isEmpty { names = [own, own + ".local"] }
            }
        }
        hostNames = names
        if let proxy = trustedProxy, !Self.isAddressLiteral(proxy) {
            throw UsageError(
                spec: invocation.spec,
                problem: "--trusted-proxy must be one IP address such as 127.0.0.1, not '\(proxy)'")
        }
    }

    /// The address to print for people: a wildcard bind is reached through loopback on this machine.
    func reachableURL(port actualPort: Int, description: String) -> String {
        "http://\(bind == "0.0.0.0" || bind == "::" ? "127.0.0.1:\(actualPort)" : description)/"
    }

    /// Whether `text` is an IPv4 or IPv6 address literal (not a name, which would need DNS to mean anything).
    static func isAddressLiteral(_ text: String) -> Bool {
        var ipv4 = in_addr()
        var ipv6 = in6_addr()
        return inet_pton(AF_INET, text, &ipv4) == 1 || inet_pton(AF_INET6, text, &ipv6) == 1
    }
}
