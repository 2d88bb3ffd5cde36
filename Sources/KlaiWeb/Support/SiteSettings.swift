import Foundation
import KlaiHTTP
import Synchronization

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

    /// `defaultLanguage` as a page language (anything unknown is Thai).
    var language: Language { Language(rawValue: defaultLanguage) ?? .thai }

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

    /// Where backups go: the configured `backup_folder`, else `backups/` in the data folder.
    var backupFolder: URL { configuration.backupFolder ?? dataFolder.appendingPathComponent("backups", isDirectory: true) }

    /// The current site settings: changes apply without a restart. Every request without a language cookie
    /// asks, so the file is read again only when its modification time or size changed (one stat(2) a request).
    public var siteSettings: SiteSettings { settingsCache.settings(dataFolder: dataFolder) }

    /// Whether DLTV recordings (lesson page, HLS files, poster) are open to this request without a session:
    /// the admin turned `dltvPublicOnLAN` on and the client is on a local network (never a public address).
    func dltvOpen(to request: HTTPRequest) -> Bool {
        request.remoteAddress.isLocalNetwork && siteSettings.dltvPublicOnLAN
    }
}

/// The last `settings.json` read, keyed by the file's modification time, size and inode (a save renames a new file in).
final class SiteSettingsCache: Sendable {
    private struct Entry { var stamp: [Int]; var settings: SiteSettings }
    private let entry = Mutex<Entry?>(nil)

    func settings(dataFolder: URL) -> SiteSettings {
        let path = dataFolder.appendingPathComponent(SiteSettings.fileName).path
        var info = stat()
        let stamp = stat(path, &info) == 0 ? [info.st_mtim.tv_sec, info.st_mtim.tv_nsec, info.st_size, Int(truncatingIfNeeded: info.st_ino)] : []
        if let cached = entry.withLock({ $0 }), cached.stamp == stamp { return cached.settings }
        let settings = SiteSettings.load(dataFolder: dataFolder)
        entry.withLock { $0 = Entry(stamp: stamp, settings: settings) }
        return settings
    }
}
