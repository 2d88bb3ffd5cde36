import Foundation

/// What a relay is doing, as `klai live status` and the admin page show it. The relay also keeps
/// it as `status.json` in its folder, so another process (the `klai live` command) can read it.
public struct LiveRelayStatus: Sendable, Codable, Equatable {
    /// The relay's state.
    public enum State: String, Sendable, Codable {
        /// Opening the upstream.
        case connecting
        /// Receiving and publishing segments.
        case live
        /// The upstream dropped or refused; the relay waits its back-off before trying again.
        case waiting
        /// The source cannot be relayed: a codec Klai cannot decode (or no H.264 encoder); the relay
        /// tries again later.
        case unsupported
        /// Stopped by Klai.
        case stopped
    }

    public var state: State = .connecting
    /// Upstream connections opened so far (one while all is well, however many players watch).
    public var connections = 0
    /// Times the upstream dropped after having sent media (each is a discontinuity for viewers).
    public var gaps = 0
    /// Segments published since the relay started.
    public var segments = 0
    /// Bytes of media received from the upstream.
    public var bytesReceived: Int64 = 0
    /// What the relay encodes because the source is not H.264/AAC ("MPEG-2 video → H.264 960×540,
    /// MP2 audio → AAC"); nil when every stream is copied as it is.
    public var transcoding: String?
    /// The last failure, as a sentence.
    public var lastError: String?
    /// When the relay entered its current state.
    public var since = Date()

    public init() {}
}
