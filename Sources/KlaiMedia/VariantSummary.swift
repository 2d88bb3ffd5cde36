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
