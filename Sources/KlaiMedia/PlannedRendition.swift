/// A rendition decided for one source: its folder name, exact size and bit rate.
struct PlannedRendition: Sendable, Equatable {
    var name: String
    var width: Int
    var height: Int
    var bitRate: Int
    /// VBV peak rate and buffer: peak at most 1.5 × average, 2 s of average in the buffer.
    var maxRate: Int { bitRate * 3 / 2 }
    var bufferSize: Int { bitRate * 2 }
}
