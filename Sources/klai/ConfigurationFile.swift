import Foundation

/// Klai's configuration file, `/etc/klai/klai.conf` on an installed box: one `key = value` a line.
///
/// Blank lines and lines starting with `#` are ignored; a value may be wrapped in double quotes (for
/// paths with spaces). Unknown keys and repeated keys are refused with the file and line, so a typo
/// (`prot = 80`) is not silently ignored. Flags and environment variables override the file.
struct ConfigurationFile: Equatable {
    static let option = OptionSpec(
        "config", value: "FILE", help: "Configuration file of key = value lines (flags and environment override it).",
        environment: "KLAI_CONFIG")

    /// Every key the file may hold, and the command-line option it stands in for.
    static let keys: KeyValuePairs<String, String> = [
        "data": "data",
        "port": "port",
        "bind": "bind",
        "catalog": "catalog",
        "backup_folder": "rotate",
        // `klai serve` reads the same key: the admin page's "Back up now" writes into the nightly folder.
        "backup_folder": "backup-folder",
        "trusted_proxy": "trusted-proxy"
    ]

    let path: String
    /// Values by key, as written (quotes removed).
    let values: [String: String]

    /// Reads and parses the file at `path`.
    /// - Throws: `ConfigurationError` naming the file (and line) when it cannot be read or parsed.
    init(path: String) throws(ConfigurationError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError("cannot read the configuration file \(path) (\(Self.reason(error)))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError("\(path) is not UTF-8 text")
        }
        try self.init(text: text, path: path)
    }

    /// Parses configuration `text`; `path` names it in errors.
    init(text: String, path: String) throws(ConfigurationError) {
        self.path = path
        var values: [String: String] = [:]
        let known = Set(Self.keys.map(\.key))
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r")))
            if line.isEmpty || line.hasPrefix("#") { continue }
            let place = "\(path):\(index + 1)"
            guard let equals = line.firstIndex(of: "=") else {
                throw ConfigurationError("\(place): expected 'key = value', found '\(line)'")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            }
            guard known.contains(key) else {
                throw ConfigurationError(
                    "\(place): unknown setting '\(key)' (known: "
                        + Self.keys.map(\.key).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                        .joined(separator: ", ") + ")")
            }
            guard values[key] == nil else { throw ConfigurationError("\(place): '\(key)' is set twice") }
            values[key] = value
        }
        self.values = values
    }

    /// The values keyed by the option names they stand in for, keeping only the options `spec` has.
    func optionValues(for spec: CommandSpec) -> [String: String] {
        var result: [String: String] = [:]
        for (key, option) in Self.keys where spec.options.contains(where: { $0.name == option }) {
            if let value = values[key], !value.isEmpty { result[option] = value }
        }
        return result
    }

    private static func reason(_ error: any Error) -> String {
        ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.localizedDescription ?? "\(error)"
    }
}

/// A configuration file that cannot be used, said in a sentence.
struct ConfigurationError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
