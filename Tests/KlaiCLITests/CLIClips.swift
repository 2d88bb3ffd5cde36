import Foundation
import KlaiMedia

/// A scratch folder for the media command tests: small clips made in-process, HLS output read back
/// the way a player reads it, and a check for the temporary folders a transcode must not leave behind.
final class CLIClips {
    let folder: URL
    var path: String { folder.path }

    init() throws {
        let name = "klai-cli-media-\(UUID().uuidString.prefix(8))"
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// A path inside the folder.
    func file(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Writes a 320×180 H.264/AAC MP4 of `seconds` and returns its path.
    func clip(_ name: String, seconds: Double) throws -> String {
        let path = file(name)
        try SyntheticClip(width: 320, height: 180, videoBitRate: 300_000, duration: seconds).write(to: path)
        return path
    }

    /// Writes `text` to `name` and returns its path.
    func text(_ name: String, _ text: String) throws -> String {
        let path = file(name)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    /// Everything in the folder a transcode wrote besides the inputs: `.partial-` folders are leaks.
    func leftovers() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.contains(".partial-") }
    }

    /// The media playlists that `master.m3u8` in `hls` names (variants and the audio rendition).
    static func mediaPlaylists(in hls: String) throws -> [String] {
        let master = try String(contentsOfFile: hls + "/master.m3u8", encoding: .utf8)
        var uris: [String] = []
        for line in master.split(separator: "\n") {
            if line.hasPrefix("#EXT-X-MEDIA:"), let range = line.range(of: #"URI="[^"]+""#, options: .regularExpression) {
                uris.append(String(line[range].dropFirst(5).dropLast()))
            } else if !line.hasPrefix("#"), !line.isEmpty {
                uris.append(String(line))
            }
        }
        return uris
    }

    /// The `#EXTINF` durations and segment paths of a media playlist, plus its `#EXT-X-MAP` init segment.
    static func segments(of playlist: String) throws -> (durations: [Double], files: [String]) {
        let directory = (playlist as NSString).deletingLastPathComponent
        var durations: [Double] = []
        var files: [String] = []
        for line in try String(contentsOfFile: playlist, encoding: .utf8).split(separator: "\n") {
            if line.hasPrefix("#EXTINF:") {
                durations.append(Double(line.dropFirst(8).prefix { $0 != "," }) ?? -1)
            } else if line.hasPrefix("#EXT-X-MAP:URI=\"") {
                files.append(directory + "/" + line.dropFirst("#EXT-X-MAP:URI=\"".count).prefix { $0 != "\"" })
            } else if !line.hasPrefix("#"), !line.isEmpty {
                files.append(directory + "/" + line)
            }
        }
        return (durations, files)
    }
}
