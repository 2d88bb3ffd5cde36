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
