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
    /// Whether the source's AAC was copied instead of re-encoded.
    public var audioCopied: Bool
    /// The libavfilter chain applied before scaling (`bwdif…` for interlaced, `transpose…` for
    /// rotated sources), nil when the pictures needed none.
    public var videoFilters: String?
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
