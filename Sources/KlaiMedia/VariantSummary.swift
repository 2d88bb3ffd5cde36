/// One variant of the master playlist, with what Klai measured.
public struct VariantSummary: Sendable, Codable, Equatable {
    /// The rendition's folder name: `234p` … `720p` for video, `audio` / `audio-low` for audio-only variants.
    public var name: String
    public var width: Int?
    public var height: Int?
    /// Peak and average bit rates (bits per second) including the audio the variant plays with.
    public var bandwidth: Int
    public var averageBandwidth: Int
    public var codecs: String
    public var frameRate: Double?
    /// Playlist path relative to the folder.
    public var playlist: String
    /// Whether the video was copied from the source without re-encoding.
    public var copied: Bool
    /// The audio group a video variant plays with (`audio` or `audio-low`); nil for video without
    /// sound and for audio-only variants.
    public var audio: String?
}
