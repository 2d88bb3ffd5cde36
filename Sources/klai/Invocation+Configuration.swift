import Foundation

extension Invocation {
    /// This invocation with the configuration file (`--config FILE` or `KLAI_CONFIG`) beneath its flags and
    /// environment; unchanged when no file is named.
    /// - Throws: `ConfigurationError` when the named file cannot be read or has a bad line.
    func applyingConfigurationFile() throws(ConfigurationError) -> Invocation {
        guard let path = value("config") else { return self }
        var copy = self
        copy.configured = try ConfigurationFile(path: path).optionValues(for: spec)
        return copy
    }
}
