import Foundation

/// A parsed HLS media playlist (RFC 8216 §4.3) with the sizes of its segments on disk.
public struct MediaPlaylist: Sendable, Equatable {
    /// One `#EXTINF` entry.
    public struct Segment: Sendable, Equatable {
        public var duration: Double
        public var uri: String
        /// Size of the file in bytes (0 when missing).
        public var size: Int
    }

    public var targetDuration: Int?
    public var version: Int?
    public var playlistType: String?
    public var hasEndList: Bool
    /// The `#EXT-X-MAP` URI (the fMP4 init segment).
    public var mapURI: String?
    public var segments: [Segment]
    /// The folder the playlist is in; URIs are relative to it.
    public var folder: String

    /// Reads and parses the playlist at `path`, measuring each segment file.
    /// - Throws: `MediaError.Kind.outputFailed` when the file is missing or is not a playlist.
    public init(contentsOf path: String) throws(MediaError) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), text.hasPrefix("#EXTM3U") else {
            throw MediaError(.outputFailed, "The playlist \(path) is missing or is not an HLS playlist.", file: path)
        }
        folder = (path as NSString).deletingLastPathComponent
        targetDuration = nil
        version = nil
        playlistType = nil
        hasEndList = false
        mapURI = nil
        segments = []
        var pending: Double?
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#EXT-X-TARGETDURATION:") {
                targetDuration = Int(line.dropFirst("#EXT-X-TARGETDURATION:".count))
            } else if line.hasPrefix("#EXT-X-VERSION:") {
                version = Int(line.dropFirst("#EXT-X-VERSION:".count))
            } else if line.hasPrefix("#EXT-X-PLAYLIST-TYPE:") {
                playlistType = String(line.dropFirst("#EXT-X-PLAYLIST-TYPE:".count))
            } else if line == "#EXT-X-ENDLIST" {
                hasEndList = true
            } else if line.hasPrefix("#EXT-X-MAP:") {
                mapURI = MediaPlaylist.attribute("URI", in: line)
            } else if line.hasPrefix("#EXTINF:") {
                let value = line.dropFirst("#EXTINF:".count).split(separator: ",", maxSplits: 1).first ?? ""
                pending = Double(value)
            } else if !line.hasPrefix("#"), !line.isEmpty, let duration = pending {
                let size = (try? FileManager.default.attributesOfItem(atPath: folder + "/" + line)[.size] as? Int) ?? 0
                segments.append(Segment(duration: duration, uri: line, size: size))
                pending = nil
            }
        }
    }

    /// Sum of the segment durations in seconds.
    public var duration: Double { segments.reduce(0) { $0 + $1.duration } }

    /// Average bit rate over the whole playlist, bits per second.
    public var averageBitRate: Int {
        MediaPlaylist.bitsPerSecond(Double(segments.reduce(0) { $0 + $1.size }) * 8 / duration)
    }

    /// The peak segment bit rate (RFC 8216 §4.3.4.2: BANDWIDTH is the peak segment bit rate), bits per
    /// second: each segment's size over its own duration, except a final segment shorter than the
    /// target duration, which is rated over the target duration.
    ///
    /// A 0.4 s tail would otherwise count its bytes as if they came every 0.4 s and inflate the peak
    /// several times over, pushing a variant off links it plays on. What a player relies on still
    /// holds: at BANDWIDTH every segment, the tail included, arrives within one target duration. The
    /// peak is never below the average either (a dense tail can lift the average over every full
    /// segment): the whole playlist is one more stretch a player must be able to fetch.
    public var peakBitRate: Int {
        let longest = segments.map(\.duration).max() ?? 0
        let target = max(Double(targetDuration ?? 0), longest.rounded())
        var peak = 0.0
        for (index, segment) in segments.enumerated() where segment.duration > 0 {
            let isShortTail = index == segments.count - 1 && index > 0 && segment.duration < target
            peak = max(peak, Double(segment.size) * 8 / (isShortTail ? target : segment.duration))
        }
        let average = Double(segments.reduce(0) { $0 + $1.size }) * 8 / duration
        if average.isFinite { peak = max(peak, average) }
        return MediaPlaylist.bitsPerSecond(peak.rounded(.up))
    }

    /// A rate as a whole number, 0 when it is not finite or positive; a playlist read from disk may
    /// claim any duration (`#EXTINF:1e-300`), and a rate from it must not trap the conversion.
    static func bitsPerSecond(_ rate: Double) -> Int {
        guard rate.isFinite, rate > 0 else { return 0 }
        return rate < 1e15 ? Int(rate.rounded()) : Int(1e15)
    }

    /// A quoted or plain attribute value from a tag line.
    static func attribute(_ name: String, in line: String) -> String? {
        guard let range = line.range(of: name + "=") else { return nil }
        var value = line[range.upperBound...]
        if value.hasPrefix("\"") {
            value = value.dropFirst()
            return value.firstIndex(of: "\"").map { String(value[..<$0]) }
        }
        return String(value.prefix { $0 != "," })
    }
}
