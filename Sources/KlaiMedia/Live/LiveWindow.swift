import Foundation

/// The live HLS tree of one channel on disk: a sliding window of fMP4 segments and a live media
/// playlist (RFC 8216 §6.2.2: a playlist without EXT-X-ENDLIST whose oldest segments drop off).
///
/// Files are written beside their final name and renamed into place (rename(2) is atomic), so a
/// reader, or a server reading the folder, only ever sees whole segments and whole playlists. A
/// segment that leaves the playlist stays on disk for one more window so a player that has just
/// read the playlist can still fetch it. After a reconnection the next segment carries
/// EXT-X-DISCONTINUITY and its own init segment (§4.3.2.3, §4.3.2.5): the source's timestamps
/// and codec parameters may have changed.
final class LiveWindow {
    /// One segment in (or lingering after) the window.
    struct Entry: Equatable {
        var sequence: Int
        var duration: Double
        var initName: String
        var discontinuity: Bool
        var name: String { String(format: "seg%08d.m4s", sequence) }
    }

    let folder: String
    /// Segments listed in the playlist.
    let windowSize: Int
    private(set) var entries: [Entry] = []
    private var lingering: [Entry] = []
    private var nextSequence = 0
    private var discontinuitySequence = 0
    private var targetDuration: Int
    private var currentInit: String?
    private var initCount = 0
    private var pendingDiscontinuity = false

    /// Empties `folder` of an earlier run's tree (creating it if needed).
    init(folder: String, segmentDuration: Double, windowSize: Int) throws(MediaError) {
        self.folder = folder
        self.windowSize = max(3, windowSize)
        targetDuration = max(1, Int(segmentDuration.rounded(.up)))
        let files = FileManager.default
        do {
            try files.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for name in try files.contentsOfDirectory(atPath: folder) where LiveWindow.isTreeFile(name) {
                try? files.removeItem(atPath: folder + "/" + name)
            }
        } catch {
            throw MediaError(
                .outputFailed, "Klai could not prepare the live folder \(folder).", file: folder,
                detail: "\(error)")
        }
    }

    /// Files this window writes (and so may remove when it starts again).
    static func isTreeFile(_ name: String) -> Bool {
        (name.hasPrefix("seg") && name.hasSuffix(".m4s")) || (name.hasPrefix("init") && name.hasSuffix(".mp4"))
            || name == "index.m3u8" || name.hasSuffix(".tmp")
    }

    /// Starts a new connection's run of segments with `initSegment`; after the first run the next
    /// segment is marked as a discontinuity.
    func beginRun(initSegment: [UInt8]) throws(MediaError) {
        initCount += 1
        let name = "init\(initCount).mp4"
        try write(initSegment, to: name)
        pendingDiscontinuity = currentInit != nil
        currentInit = name
    }

    /// Adds a complete segment of `duration` seconds and publishes the new playlist.
    func append(segment bytes: [UInt8], duration: Double) throws(MediaError) {
        guard let initName = currentInit else { return }
        let entry = Entry(sequence: nextSequence, duration: duration, initName: initName, discontinuity: pendingDiscontinuity)
        try write(LiveWindow.segmentType + bytes, to: entry.name)
        nextSequence += 1
        pendingDiscontinuity = false
        entries.append(entry)
        // RFC 8216 §4.3.3.1: the target duration may not change in a live playlist; it only grows if a
        // source's keyframes are further apart than the segment length asked for (a player then waits longer).
        targetDuration = max(targetDuration, Int(duration.rounded()))
        while entries.count > windowSize {
            let leaving = entries.removeFirst()
            // §4.3.3.3: the discontinuity sequence counts the discontinuities that have left the playlist.
            if leaving.discontinuity { discontinuitySequence += 1 }
            lingering.append(leaving)
        }
        try writePlaylist()
        while lingering.count > windowSize {
            let gone = lingering.removeFirst()
            try? FileManager.default.removeItem(atPath: folder + "/" + gone.name)
            let stillUsed = (lingering + entries).contains { $0.initName == gone.initName } || gone.initName == currentInit
            if !stillUsed { try? FileManager.default.removeItem(atPath: folder + "/" + gone.initName) }
        }
    }

    /// The playlist text for the current window.
    func playlistText() -> String {
        var text = """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-TARGETDURATION:\(targetDuration)
            #EXT-X-MEDIA-SEQUENCE:\(entries.first?.sequence ?? nextSequence)
            #EXT-X-DISCONTINUITY-SEQUENCE:\(discontinuitySequence)
            #EXT-X-INDEPENDENT-SEGMENTS

            """
        var mapped: String?
        for entry in entries {
            if entry.discontinuity { text += "#EXT-X-DISCONTINUITY\n" }
            if entry.initName != mapped {
                text += "#EXT-X-MAP:URI=\"\(entry.initName)\"\n"
                mapped = entry.initName
            }
            text += String(format: "#EXTINF:%.6f,\n", entry.duration) + entry.name + "\n"
        }
        return text
    }

    private func writePlaylist() throws(MediaError) {
        try write(Array(playlistText().utf8), to: "index.m3u8")
    }

    /// `styp` ("msdh", compatible "msdh msix"), what libavformat's hls muxer puts before each fMP4 segment.
    private static let segmentType: [UInt8] = [0, 0, 0, 24] + Array("stypmsdh".utf8) + [0, 0, 0, 0] + Array("msdhmsix".utf8)

    /// Writes `bytes` to `name.tmp` and renames it to `name`.
    private func write(_ bytes: [UInt8], to name: String) throws(MediaError) {
        let path = folder + "/" + name
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)),
            rename(temporary, path) == 0
        else {
            throw MediaError(.outputFailed, "Klai could not write \(path); is the disk full?", file: path)
        }
    }
}

@available(*, unavailable) extension LiveWindow: Sendable {}
