import CFFmpeg

@testable import KlaiMedia

/// Adds a SubRip stream to a muxer (for a file with no audio or video).
func avformatNewSubtitleStream(_ output: OutputFile) -> UnsafeMutablePointer<AVStream>? {
    guard let stream = avformat_new_stream(output.context, nil) else { return nil }
    stream.pointee.codecpar.pointee.codec_type = AVMEDIA_TYPE_SUBTITLE
    stream.pointee.codecpar.pointee.codec_id = AV_CODEC_ID_SUBRIP
    stream.pointee.time_base = AVRational(num: 1, den: 1000)
    return stream
}

/// Writes one subtitle packet saying `text` at time zero.
func writeSubtitlePacket(_ output: OutputFile, text: String) throws {
    let bytes = Array(text.utf8)
    let packet = av_packet_alloc()
    defer {
        var p = packet
        av_packet_free(&p)
    }
    guard av_new_packet(packet, Int32(bytes.count)) >= 0, let packet else { return }
    bytes.withUnsafeBufferPointer { packet.pointee.data.update(from: $0.baseAddress!, count: bytes.count) }
    packet.pointee.pts = 0
    packet.pointee.dts = 0
    packet.pointee.duration = 1000
    try output.write(packet, stream: 0, from: AVRational(num: 1, den: 1000))
}
