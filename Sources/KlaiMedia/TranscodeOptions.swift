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
