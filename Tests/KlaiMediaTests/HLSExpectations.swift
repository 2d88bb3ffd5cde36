import Foundation
import Testing
@testable import KlaiMedia

/// The checks every transcode test makes on its output, from the issue's "Must show": playlists
/// parse, every listed segment exists and starts with a keyframe, rungs cut at the same times,
/// the length matches the source, and the master playlist carries truthful attributes.
enum HLSExpectations {
    @discardableResult
    static func check(_ folder: String, sourceDuration: Double, video: Bool, audio: Bool,
                      sourceLocation: SourceLocation = #_sourceLocation) throws -> HLSTree {
        let tree = try HLSTree(folder)
        #expect(tree.masterLines.first == "#EXTM3U", sourceLocation: sourceLocation)
        #expect(tree.masterLines.contains("#EXT-X-INDEPENDENT-SEGMENTS"), sourceLocation: sourceLocation)
        #expect(!tree.variants.isEmpty, sourceLocation: sourceLocation)
        #expect((tree.audioURI != nil) == (audio && video), sourceLocation: sourceLocation)

        var playlists: [HLSTree.Playlist] = []
        var boundaries: [[Double]] = []
        for variant in tree.variants {
            let a = variant.attributes
            #expect(Int(a["BANDWIDTH"] ?? "") ?? 0 > 0, "BANDWIDTH on \(variant.uri)", sourceLocation: sourceLocation)
            #expect(Int(a["AVERAGE-BANDWIDTH"] ?? "") ?? 0 > 0, sourceLocation: sourceLocation)
            let codecs = a["CODECS"] ?? ""
            if video {
                #expect(codecs.range(of: #"avc1\.64[0-9a-f]{2}(1e|1f|28|29|0d|15|16|0c|14|20)"#, options: .regularExpression) != nil,
                        "CODECS \(codecs) names High profile at level ≤ 4.1", sourceLocation: sourceLocation)
                #expect(a["RESOLUTION"]?.contains("x") == true, sourceLocation: sourceLocation)
                #expect(Double(a["FRAME-RATE"] ?? "") ?? 0 > 0, sourceLocation: sourceLocation)
            } else {
                #expect(a["RESOLUTION"] == nil, sourceLocation: sourceLocation)
            }
            #expect(codecs.contains("mp4a.40.2") == audio, "CODECS \(codecs)", sourceLocation: sourceLocation)
            let playlist = try tree.playlist(variant.uri)
            try checkPlaylist(playlist, sourceLocation: sourceLocation)
            playlists.append(playlist)
            boundaries.append(playlist.boundaries)

            // Measured average bit rate (this variant's segments + the shared audio) vs AVERAGE-BANDWIDTH.
            var bits = Double(playlist.bytes) * 8
            if let uri = tree.audioURI { bits += Double(try tree.playlist(uri).bytes) * 8 }
            let measured = bits / playlist.duration
            let declared = Double(a["AVERAGE-BANDWIDTH"] ?? "") ?? 0
            #expect(abs(measured - declared) <= 0.1 * declared,
                    "measured \(Int(measured)) b/s vs AVERAGE-BANDWIDTH \(Int(declared))", sourceLocation: sourceLocation)
            #expect(Double(a["BANDWIDTH"] ?? "") ?? 0 >= declared, sourceLocation: sourceLocation)
        }
        if let uri = tree.audioURI {
            let playlist = try tree.playlist(uri)
            try checkPlaylist(playlist, sourceLocation: sourceLocation)
            playlists.append(playlist)
        }
        for playlist in playlists {
            #expect(abs(playlist.duration - sourceDuration) <= 0.5,
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
