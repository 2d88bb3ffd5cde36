import Foundation
import KlaiStore

/// The media folder of a library: `inbox/` (files waiting), `sources/` (originals), `hls/<asset>-v<n>/` (output).
public struct MediaLibrary: Sendable {
    /// The `Media/` folder.
    public let root: URL
    public var inbox: URL { root.appendingPathComponent("inbox", isDirectory: true) }
    public var sources: URL { root.appendingPathComponent("sources", isDirectory: true) }
    public var hls: URL { root.appendingPathComponent("hls", isDirectory: true) }

    public init(root: URL) { self.root = root }

    /// Creates the folders (idempotent).
    public func createFolders() throws {
        for folder in [root, inbox, sources, hls] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
    }

    /// Where one transcode of an asset is published, relative to `Media/`: `hls/<asset>-v<version>`.
    ///
    /// Every transcode gets its own folder (the version is the transcode job's id), because segments are
    /// served as immutable (RFC 8246): a re-transcoded asset must never change the bytes behind a URL that
    /// players and proxies may have cached for a year. The asset's `hls_path` names the current version.
    public static func hlsPath(asset: Int64, version: Int64) -> String { "hls/\(asset)-v\(version)" }

    /// The folder of one transcode of an asset (see `hlsPath(asset:version:)`).
    public func hlsFolder(asset: Int64, version: Int64) -> URL { url(Self.hlsPath(asset: asset, version: version)) }

    /// The published HLS folder of `asset`, or nil while it has none.
    public func hlsFolder(of asset: MediaAsset) -> URL? { asset.hlsPath.map(url) }

    /// An absolute URL for a path stored relative to `Media/`.
    public func url(_ relativePath: String) -> URL {
        relativePath.hasPrefix("/") ? URL(fileURLWithPath: relativePath) : root.appendingPathComponent(relativePath)
    }

    /// Where an original is kept: `sources/<first 16 hex of hash>-<file name>`, so two files with the same
    /// name never collide and the same content always lands in one place.
    public func sourceDestination(hash: String, originalName: String) -> URL {
        sources.appendingPathComponent("\(hash.prefix(16))-\(originalName)")
    }
}
