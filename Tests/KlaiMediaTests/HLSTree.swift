import CFFmpeg
import Foundation

/// An HLS output folder read back the way a player would, independently of Klai's own parser:
/// the master playlist's attributes, each media playlist's segments, and the first packet of each
/// segment demuxed with libav (init segment + media segment, as a player appends them).
struct HLSTree {
    struct Variant {
        var attributes: [String: String]
        var uri: String
        /// A variant whose CODECS name no video: sound alone.
        var isAudioOnly: Bool { !(attributes["CODECS"] ?? "").contains("avc1") }
    }

    struct Playlist {
        var path: String
        var lines: [String]
        var segments: [(duration: Double, file: String)]
        var initFile: String?
        var targetDuration: Double
        var duration: Double { segments.reduce(0) { $0 + $1.duration } }
        var bytes: Int { segments.reduce(0) { $0 + HLSTree.size($1.file) } }
        /// Cumulative start times of the segments.
        var boundaries: [Double] {
            var t = 0.0
            return segments.map { segment in
                defer { t += segment.duration }
                return t
            }
        }
    }

    let folder: String
    var masterLines: [String] = []
    var variants: [Variant] = []
    /// The `EXT-X-MEDIA` renditions, attributes and URI.
    var media: [Variant] = []
    /// The audio rendition a variant plays with (through its AUDIO group), nil when it has none.
    func audioURI(of variant: Variant) -> String? {
        guard let group = variant.attributes["AUDIO"] else { return nil }
        return media.first { $0.attributes["GROUP-ID"] == group }?.uri
    }

    init(_ folder: String) throws {
        self.folder = folder
        let text = try String(contentsOfFile: folder + "/master.m3u8", encoding: .utf8)
        masterLines = text.split(separator: "\n").map(String.init)
        var pending: [String: String]?
        for line in masterLines {
            if line.hasPrefix("#EXT-X-STREAM-INF:") {
                pending = HLSTree.attributes(String(line.dropFirst("#EXT-X-STREAM-INF:".count)))
            } else if line.hasPrefix("#EXT-X-MEDIA:") {
                let attributes = HLSTree.attributes(String(line.dropFirst("#EXT-X-MEDIA:".count)))
                media.append(Variant(attributes: attributes, uri: attributes["URI"] ?? ""))
            } else if !line.hasPrefix("#"), !line.isEmpty, let attributes = pending {
                variants.append(Variant(attributes: attributes, uri: line))
                pending = nil
            }
        }
    }

    func playlist(_ uri: String) throws -> Playlist {
        let path = folder + "/" + uri
        let directory = (path as NSString).deletingLastPathComponent
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        var segments: [(Double, String)] = []
        var initFile: String?
        var duration: Double?
        var target = 0.0
        for line in lines {
            if line.hasPrefix("#EXT-X-TARGETDURATION:") {
                target = Double(line.dropFirst("#EXT-X-TARGETDURATION:".count)) ?? 0
            } else if line.hasPrefix("#EXTINF:") {
                duration = Double(line.dropFirst(8).split(separator: ",").first ?? "")
            } else if line.hasPrefix("#EXT-X-MAP:URI=\"") {
                initFile = directory + "/" + line.dropFirst("#EXT-X-MAP:URI=\"".count).dropLast()
            } else if !line.hasPrefix("#"), let d = duration {
                segments.append((d, directory + "/" + line))
                duration = nil
            }
        }
        return Playlist(path: path, lines: lines, segments: segments, initFile: initFile, targetDuration: target)
    }

    static func attributes(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        var key = ""
        var value = ""
        var inKey = true
        var quoted = false
        for c in text + "," {
            if inKey {
                if c == "=" { inKey = false } else { key.append(c) }
            } else if c == "\"" {
                quoted.toggle()
            } else if c == "," && !quoted {
                result[key] = value
                key = ""
                value = ""
                inKey = true
            } else {
                value.append(c)
            }
        }
        return result
    }

    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    /// Demuxes init + segment with libav and reports the first packet of the first stream:
    /// whether it is a keyframe, and the codec type of that stream.
    static func firstPacket(initFile: String, segment: String) throws -> (keyframe: Bool, video: Bool, packets: Int) {
        let joined = NSTemporaryDirectory() + "klai-seg-\(UUID().uuidString).mp4"
        defer { try? FileManager.default.removeItem(atPath: joined) }
        var data = try Data(contentsOf: URL(fileURLWithPath: initFile))
        data.append(try Data(contentsOf: URL(fileURLWithPath: segment)))
        try data.write(to: URL(fileURLWithPath: joined))
        var context: UnsafeMutablePointer<AVFormatContext>? = nil
        guard avformat_open_input(&context, joined, nil, nil) >= 0, let context else {
            throw CocoaError(.fileReadCorruptFile)
        }
        defer {
            var c: UnsafeMutablePointer<AVFormatContext>? = context
            avformat_close_input(&c)
        }
        let packet = av_packet_alloc()
        defer {
            var p = packet
            av_packet_free(&p)
        }
        var first: (Bool, Bool)?
        var count = 0
        while av_read_frame(context, packet) >= 0 {
            if first == nil {
                let stream = context.pointee.streams[Int(packet!.pointee.stream_index)]!
                first = (
                    (packet!.pointee.flags & AV_PKT_FLAG_KEY) != 0,
                    stream.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_VIDEO
                )
            }
            count += 1
            av_packet_unref(packet)
        }
        guard let first else { throw CocoaError(.fileReadCorruptFile) }
        return (first.0, first.1, count)
    }
}
