import Foundation

/// Installation-wide settings an admin changes on the System page, kept as `settings.json` in the data
/// folder beside the database (a backup of the folder carries them). Written to a temporary file, synced
/// and renamed over the old one (rename(2) is atomic), so a power cut leaves the old or the new file.
public struct SiteSettings: Sendable, Codable, Equatable {
    /// Whether DLTV recordings play for anyone on the school's network without signing in (they are public
    /// broadcasts); off by default, so every play is by a signed-in person.
    public var dltvPublicOnLAN = false
    /// The language pages use for someone who has not chosen one: `th` or `en`.
    public var defaultLanguage = "th"

    public init() {}

    static let fileName = "settings.json"

    /// The settings of the library whose data folder is `folder`; defaults when there is no file yet (or it
    /// cannot be read, which is reported on standard error rather than stopping the server).
    public static func load(dataFolder folder: URL) -> SiteSettings {
        let url = folder.appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else { return SiteSettings() }
        do {
            return try JSONDecoder().decode(SiteSettings.self, from: data)
        } catch {
            FileHandle.standardError.write(Data("klai: \(url.path) cannot be read (\(error)); using the default settings\n".utf8))
            return SiteSettings()
        }
    }

    /// Saves the settings atomically.
    public func save(dataFolder folder: URL) throws {
        let url = folder.appendingPathComponent(Self.fileName)
        let temporary = folder.appendingPathComponent(".\(Self.fileName).saving")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(self)
        guard FileManager.default.createFile(atPath: temporary.path, contents: data, attributes: [.posixPermissions: 0o640]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        let handle = try FileHandle(forWritingTo: temporary)
        try handle.synchronize()
        try handle.close()
        guard rename(temporary.path, url.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
    }
}

extension KlaiWeb {
    /// The data folder: the database's own folder (`Klai.sqlite` lives at its top).
    var dataFolder: URL { URL(fileURLWithPath: store.configuration.path).deletingLastPathComponent() }

    /// The current site settings (read from disk each time: changes apply without a restart).
    public var siteSettings: SiteSettings { SiteSettings.load(dataFolder: dataFolder) }
}
