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
