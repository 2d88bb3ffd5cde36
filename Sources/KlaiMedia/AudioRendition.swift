/// One of the AAC-LC audio renditions Klai makes: its folder (and master-playlist group), channels
/// and bit rate.
///
/// Every source with sound gets both: the `stereo` one is what classroom TVs and PCs play, the
/// `thin` one goes with the video rungs meant for thin links (`PlannedRendition.isForThinLinks`) and
/// is the audio-only variant a pupil on a 2G-class phone link can still follow. Speech, which is
/// most of a lesson, stays clear in mono at 32 kb/s, and leaves the 234p rung's video ~110 kb/s
/// of a 150–200 kb/s link.
struct AudioRendition: Sendable, Equatable {
    /// Folder name and `GROUP-ID` in the master playlist.
    var name: String
    var channels: Int32
    /// Target bit rate in bits per second (FFmpeg's AAC encoder holds it within a few per cent).
    var bitRate: Int

    /// AAC-LC stereo 48 kHz 96 kb/s, shared by the larger rungs (and copied from the source when it already is that).
    static let stereo = AudioRendition(name: "audio", channels: 2, bitRate: 96_000)
    /// AAC-LC mono 48 kHz 32 kb/s, for the thin-link rungs and the audio-only variant (at most 64 kb/s on a link).
    static let thin = AudioRendition(name: "audio-low", channels: 1, bitRate: 32_000)
}
