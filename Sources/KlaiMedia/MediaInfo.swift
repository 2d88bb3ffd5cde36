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

/// One stream of a probed file. Fields that do not apply to the stream's kind are nil.
public struct StreamInfo: Sendable, Codable, Equatable {
    /// The kind of data a stream carries.
    public enum Kind: String, Sendable, Codable { case video, audio, subtitle, data, attachment, unknown }

    public var index: Int
    public var kind: Kind
    /// Codec short name (`h264`, `mpeg2video`, `aac`, `mp2`); `none` when libav does not know it.
    public var codec: String
    /// Codec profile name (`High`, `Main`, `LC`) and level (41 means 4.1 for H.264).
    public var profile: String?
    public var level: Int?
    /// Whether this FFmpeg can decode the stream.
    public var decodable: Bool
    public var bitRate: Int?
    public var duration: Double?
    /// ISO 639 language from the container's tags (`tha`, `eng`).
    public var language: String?

    // Video
    public var width: Int?
    public var height: Int?
    /// Sample aspect ratio as `num:den` (`64:45` for 16:9 PAL).
    public var sampleAspectRatio: String?
    /// Size on screen after the sample aspect ratio and rotation are applied.
    public var displayWidth: Int?
    public var displayHeight: Int?
    public var frameRate: Double?
    /// `progressive`, `tt`, `bb`, `tb`, `bt`, or nil when unknown.
    public var fieldOrder: String?
    public var pixelFormat: String?
    /// Rotation in degrees, clockwise, from the display matrix (phone videos).
    public var rotation: Int?
    /// A cover picture (MP3/M4A artwork), not real video.
    public var isAttachedPicture: Bool

    // Audio
    public var channels: Int?
    public var channelLayout: String?
    public var sampleRate: Int?

    /// Whether the field order says the pictures are interlaced.
    public var isInterlaced: Bool { ["tt", "bb", "tb", "bt"].contains(fieldOrder ?? "") }
}
