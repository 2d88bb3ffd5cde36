import Foundation

/// A stretch of a live channel to record into a file: what the timetable recorder asks of a relay.
public struct LiveCut: Sendable, Equatable {
    /// The caller's name for it (the recorder uses the channel, date and period).
    public var id: String
    /// The fragmented MP4 file to write; it is playable up to its last fragment even after a power cut.
    public var path: String
    /// Wall-clock start and end: the recording starts at the first keyframe at or after `start` and
    /// ends before the first keyframe at or after `end`.
    public var start: Date
    public var end: Date

    public init(id: String, path: String, start: Date, end: Date) {
        self.id = id
        self.path = path
        self.start = start
        self.end = end
    }
}

/// What was recorded for a `LiveCut`.
public struct LiveRecordingResult: Sendable, Equatable {
    public var cut: LiveCut
    /// Seconds of media in the file (0 when nothing arrived; the file is then absent).
    public var recordedSeconds: Double
    /// Seconds of the cut that no media covers: upstream gaps, a late first keyframe, an early stop.
    public var missingSeconds: Double
    /// Upstream drops during the cut.
    public var gaps: Int
    /// Whether the relay stopped before the cut's end.
    public var stoppedEarly: Bool
    /// Why nothing could be written, when that is so.
    public var error: String?

    public init(
        cut: LiveCut, recordedSeconds: Double, missingSeconds: Double, gaps: Int, stoppedEarly: Bool,
        error: String? = nil
    ) {
        self.cut = cut
        self.recordedSeconds = recordedSeconds
        self.missingSeconds = missingSeconds
        self.gaps = gaps
        self.stoppedEarly = stoppedEarly
        self.error = error
    }
}
