/// A rendition decided for one source: its folder name, exact size and bit rate.
struct PlannedRendition: Sendable, Equatable {
    var name: String
    var width: Int
    var height: Int
    var bitRate: Int

    /// Video rates at or below this are meant for thin links (a phone on a weak signal, a school on a
    /// shared 1 Mb/s line): such rungs play with the thin mono audio and keep a tight peak.
    static let thinLinkRate = 250_000

    /// Whether this rung is for thin links (see `thinLinkRate`).
    var isForThinLinks: Bool { bitRate <= PlannedRendition.thinLinkRate }

    /// The audio rendition this rung's variant plays with.
    var audio: AudioRendition { isForThinLinks ? .thin : .stereo }

    /// VBV peak rate. The larger rungs may peak at 1.5 × average; a thin-link rung only at 1.2 ×,
    /// so that its variant, audio included, still fits the link it is meant for.
    var maxRate: Int { isForThinLinks ? bitRate * 6 / 5 : bitRate * 3 / 2 }

    /// VBV buffer. Over any stretch of t seconds the encoder spends at most maxRate × t + bufferSize
    /// bits (H.264 Annex C's leaky bucket), so one 6 s segment of a thin-link rung stays within
    /// maxRate × 7/6 ≈ 1.4 × average with one second of buffer; the larger rungs keep 2 s of average.
    var bufferSize: Int { isForThinLinks ? maxRate : bitRate * 2 }
}
