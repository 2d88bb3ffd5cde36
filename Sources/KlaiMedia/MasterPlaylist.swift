import Foundation

/// The master playlist Klai writes itself (RFC 8216 §4.3.4) from measured segment sizes:
/// libavformat's hls muxer would write BANDWIDTH as nominal rate + 10% and no AVERAGE-BANDWIDTH or
/// FRAME-RATE (FFMPEG-NOTES.md).
struct MasterPlaylist {
    /// A video rendition (or, for audio-only sources, the audio playlist as the one variant).
    struct Variant {
        var name: String
        var playlist: MediaPlaylist
        var uri: String
        var width: Int?
        var height: Int?
        var frameRate: Double?
        var codecs: String
        var copied: Bool
    }

    var variants: [Variant]
    /// The shared audio rendition, when there is audio and video.
    var audio: (uri: String, playlist: MediaPlaylist, language: String?)?

    /// Variants in the order a player should try them: the one nearest 540p first (a player starts
    /// with the first listed, and 540p suits most classroom links), then the rest from the lowest.
    var ordered: [Variant] {
        guard let first = variants.min(by: { abs(($0.height ?? 0) - 540) < abs(($1.height ?? 0) - 540) }) else { return [] }
        return [first] + variants.filter { $0.name != first.name }.sorted { ($0.height ?? 0) < ($1.height ?? 0) }
    }

    /// The summaries of the variants as listed.
    var summaries: [VariantSummary] {
        ordered.map { variant in
            VariantSummary(
                name: variant.name, width: variant.width, height: variant.height,
                bandwidth: variant.playlist.peakBitRate + (audio?.playlist.peakBitRate ?? 0),
                averageBandwidth: variant.playlist.averageBitRate + (audio?.playlist.averageBitRate ?? 0),
                codecs: audio == nil ? variant.codecs : variant.codecs + "," + CodecString.aacLC,
                frameRate: variant.frameRate, playlist: variant.uri, copied: variant.copied)
        }
    }

    /// The playlist text.
    var text: String {
        var lines = ["#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-INDEPENDENT-SEGMENTS"]
        if let audio {
            var media = "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"Audio\",DEFAULT=YES,AUTOSELECT=YES"
            // LANGUAGE is an RFC 5646 tag: containers carry ISO 639-2 codes, so map the usual ones.
            let tags = ["tha": "th", "eng": "en", "th": "th", "en": "en"]
            if let language = audio.language.flatMap({ tags[$0] }) { media += ",LANGUAGE=\"\(language)\"" }
            media += ",CHANNELS=\"2\",URI=\"\(audio.uri)\""
            lines.append(media)
        }
        for summary in summaries {
            var attributes = ["BANDWIDTH=\(summary.bandwidth)", "AVERAGE-BANDWIDTH=\(summary.averageBandwidth)",
                              "CODECS=\"\(summary.codecs)\""]
            if let width = summary.width, let height = summary.height { attributes.append("RESOLUTION=\(width)x\(height)") }
            if let rate = summary.frameRate { attributes.append("FRAME-RATE=" + String(format: "%.3f", rate)) }
            if audio != nil { attributes.append("AUDIO=\"audio\"") }
            lines.append("#EXT-X-STREAM-INF:" + attributes.joined(separator: ","))
            lines.append(summary.playlist)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
