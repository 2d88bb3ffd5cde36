/// What `MediaProbe` learned about a file: the container and each stream.
public struct MediaInfo: Sendable, Codable, Equatable {
    /// The path that was probed.
    public var file: String
    /// libavformat's short name of the container (`mov,mp4,m4a,3gp,3g2,mj2`, `mpegts`, `matroska,webm`).
    public var container: String
    /// The container's long name (`QuickTime / MOV`, `MPEG-TS (MPEG-2 Transport Stream)`).
    public var containerName: String
    /// Length in seconds, when known.
    public var duration: Double?
    /// Overall bit rate in bits per second, when known.
    public var bitRate: Int?
    /// Size of the file in bytes.
    public var size: Int64
    /// Every stream, in file order.
    public var streams: [StreamInfo]

    /// The main video stream (not a cover picture), if any.
    public var video: StreamInfo? { streams.first { $0.kind == .video && !$0.isAttachedPicture } }
    /// The main audio stream, if any.
    public var audio: StreamInfo? { streams.first { $0.kind == .audio } }
}
