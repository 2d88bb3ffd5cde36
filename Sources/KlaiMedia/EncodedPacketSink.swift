import CFFmpeg

/// Where an encoder's packets go: a rendition's HLS on disk (`HLSWriter`) or a live relay's run
/// (`LiveTranscoder`), so one encoder type serves the ladder and the live relay.
protocol EncodedPacketSink: AnyObject {
    /// Takes one packet whose timestamps are in `timeBase`; the packet is consumed (left empty).
    func write(_ packet: UnsafeMutablePointer<AVPacket>, from timeBase: AVRational) throws(MediaError)
    /// The encoder has been flushed: nothing more follows.
    func finish() throws(MediaError)
}

extension HLSWriter: EncodedPacketSink {}
