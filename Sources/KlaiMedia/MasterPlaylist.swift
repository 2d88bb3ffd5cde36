import Foundation

/// The master playlist Klai writes itself (RFC 8216 §4.3.4) from measured segment sizes:
/// libavformat's hls muxer would write BANDWIDTH as nominal rate + 10% and no AVERAGE-BANDWIDTH or
/// FRAME-RATE, and it drops variants without a bit rate.
///
/// Each audio rendition is its own `EXT-X-MEDIA` group (RFC 8216 §4.3.4.1.1), so a variant names
/// exactly the audio it plays with and its BANDWIDTH is its video's peak plus that audio's peak
/// (§4.3.4.2: the largest sum over the renditions that can play together). Audio-only variants come
/// last: a player starts with the first variant listed, and only a link too thin for any picture
/// should end up on sound alone.
struct MasterPlaylist {
    /// One audio rendition, listed as its own group.
    struct Audio {
        var rendition: AudioRendition
        var playlist: MediaPlaylist
        /// The source's language (ISO 639-2, as containers carry it), when known.
        var language: String?
        var uri: String { rendition.name + "/index.m3u8" }
    }

    /// A variant: a video rendition with the audio group it plays with, or an audio playlist on its own.
    struct Variant {
        var name: String
        var playlist: MediaPlaylist
        var uri: String
        var width: Int?
        var height: Int?
        var frameRate: Double?
        /// The video's `avc1.…` string, nil for an audio-only variant.
        var videoCodec: String?
        var copied: Bool
        /// The group a video variant plays its sound from (nil for video without sound and for audio-only).
        var audioGroup: String?
    }

    /// Video variants (any order) and audio-only variants (in the order to list them).
    var variants: [Variant]
    /// The audio renditions behind the video variants' groups.
    var audio: [Audio]

    /// Variants in the order a player should try them: the video nearest 540p first (a player starts
    /// with the first listed, and 540p suits most classroom links), then the other videos from the
    /// lowest, then the audio-only variants.
    var ordered: [Variant] {
        let video = variants.filter { $0.videoCodec != nil }
        let audioOnly = variants.filter { $0.videoCodec == nil }
        guard let first = video.min(by: { abs(($0.height ?? 0) - 540) < abs(($1.height ?? 0) - 540) }) else { return audioOnly }
        return [first] + video.filter { $0.name != first.name }.sorted { ($0.height ?? 0) < ($1.height ?? 0) } + audioOnly
    }

    private func group(_ name: String?) -> Audio? { audio.first { $0.rendition.name == name } }

    /// The summaries of the variants as listed.
    var summaries: [VariantSummary] {
        ordered.map { variant in
            let sound = group(variant.audioGroup)
            let codecs = [variant.videoCodec, sound != nil || variant.videoCodec == nil ? CodecString.aacLC : nil]
            return VariantSummary(
                name: variant.name, width: variant.width, height: variant.height,
                bandwidth: variant.playlist.peakBitRate + (sound?.playlist.peakBitRate ?? 0),
                averageBandwidth: variant.playlist.averageBitRate + (sound?.playlist.averageBitRate ?? 0),
                codecs: codecs.compactMap { $0 }.joined(separator: ","),
                frameRate: variant.frameRate, playlist: variant.uri, copied: variant.copied, audio: sound?.rendition.name)
        }
    }

    /// The playlist text.
    var text: String {
        var lines = ["#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-INDEPENDENT-SEGMENTS"]
        // Only groups some variant uses: an unused group would be a rendition no player can reach.
        let used = Set(variants.compactMap(\.audioGroup))
        for sound in audio where used.contains(sound.rendition.name) {
            // The same NAME and LANGUAGE in every group: they are one soundtrack at two rates, so a
            // player's audio menu stays the same when it switches variants.
            var media = "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"\(sound.rendition.name)\",NAME=\"Audio\",DEFAULT=YES,AUTOSELECT=YES"
            // LANGUAGE is an RFC 5646 tag: containers carry ISO 639-2 codes, so map the usual ones.
            let tags = ["tha": "th", "eng": "en", "th": "th", "en": "en"]
            if let language = sound.language.flatMap({ tags[$0] }) { media += ",LANGUAGE=\"\(language)\"" }
            media += ",CHANNELS=\"\(sound.rendition.channels)\",URI=\"\(sound.uri)\""
            lines.append(media)
        }
        for (variant, summary) in zip(ordered, summaries) {
            var attributes = [
                "BANDWIDTH=\(summary.bandwidth)", "AVERAGE-BANDWIDTH=\(summary.averageBandwidth)",
                "CODECS=\"\(summary.codecs)\""
            ]
            if let width = summary.width, let height = summary.height { attributes.append("RESOLUTION=\(width)x\(height)") }
            if let rate = summary.frameRate { attributes.append("FRAME-RATE=" + String(format: "%.3f", rate)) }
            if let group = variant.audioGroup { attributes.append("AUDIO=\"\(group)\"") }
            lines.append("#EXT-X-STREAM-INF:" + attributes.joined(separator: ","))
            lines.append(summary.playlist)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
