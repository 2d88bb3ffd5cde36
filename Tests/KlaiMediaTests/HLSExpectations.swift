import Foundation
import Testing

@testable import KlaiMedia

/// The checks every transcode test makes on its output, from the issue's "Must show": playlists
/// parse, every listed segment exists and starts with a keyframe, rungs cut at the same times,
/// the length matches the source, and the master playlist carries truthful attributes.
enum HLSExpectations {
    @discardableResult
    static func check(
        _ folder: String, sourceDuration: Double, video: Bool, audio: Bool,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> HLSTree {
        let tree = try HLSTree(folder)
        #expect(tree.masterLines.first == "#EXTM3U", sourceLocation: sourceLocation)
        #expect(tree.masterLines.contains("#EXT-X-INDEPENDENT-SEGMENTS"), sourceLocation: sourceLocation)
        #expect(!tree.variants.isEmpty, sourceLocation: sourceLocation)
        #expect(tree.media.isEmpty == !(audio && video), sourceLocation: sourceLocation)
        try checkAudioGroups(tree, video: video, audio: audio, sourceLocation: sourceLocation)

        var playlists: [HLSTree.Playlist] = []
        var boundaries: [[Double]] = []
        for variant in tree.variants {
            let a = variant.attributes
            #expect(Int(a["BANDWIDTH"] ?? "") ?? 0 > 0, "BANDWIDTH on \(variant.uri)", sourceLocation: sourceLocation)
            #expect(Int(a["AVERAGE-BANDWIDTH"] ?? "") ?? 0 > 0, sourceLocation: sourceLocation)
            let codecs = a["CODECS"] ?? ""
            if video && !variant.isAudioOnly {
                #expect(
                    codecs.range(of: #"avc1\.64[0-9a-f]{2}(1e|1f|28|29|0d|15|16|0c|14|20)"#, options: .regularExpression) != nil,
                    "CODECS \(codecs) names High profile at level ≤ 4.1", sourceLocation: sourceLocation)
                #expect(a["RESOLUTION"]?.contains("x") == true, sourceLocation: sourceLocation)
                #expect(Double(a["FRAME-RATE"] ?? "") ?? 0 > 0, sourceLocation: sourceLocation)
                #expect((a["AUDIO"] != nil) == audio, "AUDIO group on \(variant.uri)", sourceLocation: sourceLocation)
            } else {
                #expect(a["RESOLUTION"] == nil, sourceLocation: sourceLocation)
                #expect(a["AUDIO"] == nil, "an audio-only variant is its own sound", sourceLocation: sourceLocation)
                #expect(codecs == "mp4a.40.2", "CODECS \(codecs) of audio-only \(variant.uri)", sourceLocation: sourceLocation)
            }
            #expect(codecs.contains("mp4a.40.2") == audio, "CODECS \(codecs)", sourceLocation: sourceLocation)
            let playlist = try tree.playlist(variant.uri)
            try checkPlaylist(playlist, sourceLocation: sourceLocation)
            playlists.append(playlist)
            if !variant.isAudioOnly { boundaries.append(playlist.boundaries) }

            // Measured average bit rate (this variant's segments + its group's audio) vs AVERAGE-BANDWIDTH.
            let sound = try tree.audioURI(of: variant).map { try tree.playlist($0) }
            let measured = (Double(playlist.bytes + (sound?.bytes ?? 0)) * 8) / playlist.duration
            let declared = Double(a["AVERAGE-BANDWIDTH"] ?? "") ?? 0
            #expect(
                abs(measured - declared) <= 0.1 * declared,
                "measured \(Int(measured)) b/s vs AVERAGE-BANDWIDTH \(Int(declared))", sourceLocation: sourceLocation)
            #expect(
                Double(a["BANDWIDTH"] ?? "") ?? 0 >= declared, "BANDWIDTH below AVERAGE-BANDWIDTH on \(variant.uri)",
                sourceLocation: sourceLocation)
            try checkPeak(variant, playlist, sound, sourceLocation: sourceLocation)
        }
        for rendition in tree.media {
            let playlist = try tree.playlist(rendition.uri)
            try checkPlaylist(playlist, sourceLocation: sourceLocation)
            playlists.append(playlist)
        }
        for playlist in playlists {
            #expect(
                abs(playlist.duration - sourceDuration) <= 0.5,
                "\(playlist.path) lasts \(playlist.duration) s, source \(sourceDuration) s", sourceLocation: sourceLocation)
        }
        // Every video rung starts its segments at the same times (within a frame).
        if let first = boundaries.first {
            for other in boundaries.dropFirst() {
                #expect(other.count == first.count, "segment counts \(boundaries)", sourceLocation: sourceLocation)
                for (a, b) in zip(first, other) {
                    #expect(abs(a - b) < 0.05, "segment boundaries \(boundaries)", sourceLocation: sourceLocation)
                }
            }
        }
        return tree
    }

    /// One EXT-X-MEDIA group per audio rendition, each used by some variant; every AUDIO names one;
    /// the sound alone is a variant of at most 64 kb/s listed last.
    static func checkAudioGroups(_ tree: HLSTree, video: Bool, audio: Bool, sourceLocation: SourceLocation) throws {
        let groups = tree.media.compactMap { $0.attributes["GROUP-ID"] }
        #expect(Set(groups).count == groups.count, "one group per audio rendition: \(groups)", sourceLocation: sourceLocation)
        #expect(Set(tree.media.map(\.uri)).count == tree.media.count, sourceLocation: sourceLocation)
        #expect(
            tree.media.allSatisfy { $0.attributes["TYPE"] == "AUDIO" && $0.attributes["CHANNELS"] != nil },
            sourceLocation: sourceLocation)
        let used = Set(tree.variants.compactMap { $0.attributes["AUDIO"] })
        #expect(used == Set(groups), "groups \(groups) used by variants \(used)", sourceLocation: sourceLocation)
        guard audio else {
            #expect(tree.variants.allSatisfy { !$0.isAudioOnly }, sourceLocation: sourceLocation)
            return
        }
        let last = try #require(tree.variants.last, sourceLocation: sourceLocation)
        #expect(last.isAudioOnly, "the audio-only variant is listed last", sourceLocation: sourceLocation)
        #expect(Int(last.attributes["BANDWIDTH"] ?? "") ?? .max <= 64_000, "\(last.attributes)", sourceLocation: sourceLocation)
        if video {
            #expect(tree.variants.filter { $0.isAudioOnly }.count == 1, sourceLocation: sourceLocation)
            #expect(
                last.uri == "audio-low/index.m3u8", "the audio-only variant is the thin rendition",
                sourceLocation: sourceLocation)
        } else {
            #expect(tree.variants.allSatisfy { $0.isAudioOnly }, sourceLocation: sourceLocation)
        }
    }

    /// BANDWIDTH is honest: every segment of the variant and of its audio, over its own duration, fits
    /// under it (with the other's peak added), except a short final segment, whose bytes fit in one
    /// target duration at BANDWIDTH; and it is not inflated beyond that measured peak.
    static func checkPeak(
        _ variant: HLSTree.Variant, _ playlist: HLSTree.Playlist, _ sound: HLSTree.Playlist?,
        sourceLocation: SourceLocation
    ) throws {
        let declared = Double(variant.attributes["BANDWIDTH"] ?? "") ?? 0
        let peaks = [playlist, sound].compactMap { $0 }.map { peak(of: $0) }
        for (index, part) in [playlist, sound].compactMap({ $0 }).enumerated() {
            let others = peaks.enumerated().filter { $0.offset != index }.reduce(0) { $0 + $1.element }
            for (number, segment) in part.segments.enumerated() {
                let bits = Double(HLSTree.size(segment.file)) * 8
                if isShortTail(number, of: part) {
                    #expect(
                        bits <= (declared - others) * part.targetDuration,
                        "\(segment.file): the short last segment's bytes exceed BANDWIDTH × target duration",
                        sourceLocation: sourceLocation)
                } else {
                    let rate = bits / segment.duration
                    #expect(
                        rate <= declared - others,
                        "\(segment.file): \(Int(rate)) b/s + \(Int(others)) b/s of the other part > BANDWIDTH \(Int(declared))",
                        sourceLocation: sourceLocation)
                }
            }
        }
        let measured = peaks.reduce(0, +)
        #expect(
            declared <= measured + 2, "BANDWIDTH \(Int(declared)) above the measured peak \(Int(measured))",
            sourceLocation: sourceLocation)
    }

    /// Peak rate of one playlist measured here: full segments over their duration, a short tail over
    /// the target, and never below the average of the whole playlist.
    static func peak(of playlist: HLSTree.Playlist) -> Double {
        let segments = playlist.segments.enumerated().map { number, segment in
            Double(HLSTree.size(segment.file)) * 8
                / (isShortTail(number, of: playlist) ? playlist.targetDuration : segment.duration)
        }
        return max(segments.max() ?? 0, Double(playlist.bytes) * 8 / playlist.duration)
    }

    static func isShortTail(_ number: Int, of playlist: HLSTree.Playlist) -> Bool {
        number > 0 && number == playlist.segments.count - 1 && playlist.segments[number].duration < playlist.targetDuration
    }

    static func checkPlaylist(_ playlist: HLSTree.Playlist, sourceLocation: SourceLocation) throws {
        #expect(playlist.lines.first == "#EXTM3U", sourceLocation: sourceLocation)
        #expect(playlist.lines.contains("#EXT-X-PLAYLIST-TYPE:VOD"), sourceLocation: sourceLocation)
        #expect(playlist.lines.contains("#EXT-X-ENDLIST"), sourceLocation: sourceLocation)
        let initFile = try #require(playlist.initFile, "EXT-X-MAP in \(playlist.path)", sourceLocation: sourceLocation)
        #expect(HLSTree.size(initFile) > 0, sourceLocation: sourceLocation)
        #expect(!playlist.segments.isEmpty, sourceLocation: sourceLocation)
        for segment in playlist.segments {
            #expect(segment.duration <= 6.5, "\(segment.file) lasts \(segment.duration) s", sourceLocation: sourceLocation)
            #expect(HLSTree.size(segment.file) > 0, "\(segment.file) exists", sourceLocation: sourceLocation)
            let first = try HLSTree.firstPacket(initFile: initFile, segment: segment.file)
            #expect(first.keyframe, "\(segment.file) starts with a keyframe", sourceLocation: sourceLocation)
            #expect(first.packets > 0, sourceLocation: sourceLocation)
        }
    }

    /// Hidden temporary folders left beside a destination.
    static func leftovers(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix(".") }
    }
}
