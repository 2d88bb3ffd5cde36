/// How `Transcoder` should make HLS from a source.
public struct TranscodeOptions: Sendable {
    /// The renditions to make (never above the source's height).
    public var ladder: Ladder = .schoolNetwork
    /// libx264 preset (`ultrafast` … `veryslow`); `veryfast` suits a 2-core school server.
    public var preset: String = "veryfast"
    /// Start of the part to transcode, in seconds from the beginning of the file.
    public var start: Double?
    /// End (exclusive) of the part to transcode, in seconds from the beginning of the file.
    public var end: Double?
    /// HLS segment length in seconds.
    public var segmentDuration: Double = 6
    /// Seconds between keyframes; segments start on them, so it divides `segmentDuration`.
    public var keyframeInterval: Double = 2
    /// Copy the source's video into the rung it already fits instead of re-encoding it.
    public var allowCopy: Bool = true
    /// Fail when more than this fraction of the packets is damaged (a few bad seconds are skipped).
    public var maxCorruptFraction: Double = 0.05
    /// Fail when more than this fraction of the source's time is missing (lost in damaged stretches).
    public var maxLostFraction: Double = 0.2
    /// Write `poster.jpg` from a picture about 10% into the video.
    public var poster: Bool = true
    /// Called on the transcoding thread a few times a second.
    public var progress: (@Sendable (TranscodeProgress) -> Void)?
    /// Checked between packets; returning true stops the transcode with `MediaError.Kind.cancelled`.
    public var isCancelled: (@Sendable () -> Bool)?

    /// Default options: school-network ladder, `veryfast`, 6 s segments, 2 s GOPs.
    public init() {}
}

/// How far a running transcode has got.
public struct TranscodeProgress: Sendable {
    /// 0–100, from the timestamps of decoded frames.
    public var percent: Double
    /// Seconds of the source done, and the total when known.
    public var mediaSeconds: Double
    public var totalSeconds: Double?
    /// Wall-clock seconds since the start.
    public var elapsed: Double
    /// Media seconds per wall-clock second (× realtime).
    public var speed: Double {
        elapsed > 0 ? mediaSeconds / elapsed : 0
    }
    /// Estimated seconds left, when the total is known and work has started.
    public var remaining: Double? {
        guard let totalSeconds, speed > 0 else { return nil }
        return max(0, (totalSeconds - mediaSeconds) / speed)
    }
}

/// What a finished transcode made.
public struct TranscodeResult: Sendable, Codable {
    /// The published folder holding `master.m3u8`.
    public var folder: String
    /// Length of the output in seconds (sum of a playlist's segment durations).
    public var duration: Double
    /// The variants of the master playlist, in the order listed (the default first).
    public var variants: [VariantSummary]
    /// Whether there is an audio rendition.
    public var hasAudio: Bool
    /// Damaged packets that were skipped.
    public var corruptPackets: Int
    /// Seconds of the source that were lost to damage (filled with the previous picture or silence).
    public var lostSeconds: Double
    /// Path of the poster picture, if one was written.
    public var poster: String?
    /// Wall-clock seconds the transcode took.
    public var elapsed: Double
    /// Output seconds per wall-clock second.
    public var speed: Double { elapsed > 0 ? duration / elapsed : 0 }
}

/// One variant of the master playlist, with what Klai measured.
public struct VariantSummary: Sendable, Codable, Equatable {
    public var name: String
    public var width: Int?
    public var height: Int?
    /// Peak and average bit rates (bits per second) including the shared audio.
    public var bandwidth: Int
    public var averageBandwidth: Int
    public var codecs: String
    public var frameRate: Double?
    /// Playlist path relative to the folder.
    public var playlist: String
    /// Whether the video was copied from the source without re-encoding.
    public var copied: Bool
}
