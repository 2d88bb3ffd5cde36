import CFFmpeg

/// The stereo audio rendition made by remuxing the source's AAC packets, when they already are what
/// `AudioEncoder` would make: AAC-LC, stereo, 48 kHz, at most 160 kb/s, from a container that keeps
/// the AAC configuration as extradata (MP4, Matroska), so no ADTS headers need converting.
/// Encoding AAC is most of the work of the copy path: copying the stereo rendition leaves only the
/// thin mono one to encode (FFmpeg's AAC encoder, ~70× realtime on one core at 32 kb/s mono).
final class AudioCopy {
    let writer: HLSWriter
    private let timeBase: AVRational
    private let offset: Int64
    private let packet = Packet()
    /// Seconds of audio copied so far (for progress).
    private(set) var secondsWritten = 0.0

    private init(stream: UnsafeMutablePointer<AVStream>, folder: String, origin: Double, segmentDuration: Double)
        throws(MediaError)
    {
        timeBase = stream.pointee.time_base
        offset = Int64((origin / av_q2d(timeBase)).rounded())
        writer = try HLSWriter(folder: folder, segmentDuration: segmentDuration)
        try writer.start(copying: stream.pointee.codecpar, timeBase: timeBase)
    }

    /// An audio copy when the source's sound fits, otherwise nil.
    static func ifSourceFits(session: TranscodeSession) throws(MediaError) -> AudioCopy? {
        let options = session.options
        guard options.allowCopy, options.start == nil, options.end == nil, let decoder = session.audioDecoder else { return nil }
        let p = decoder.stream.pointee.codecpar!.pointee
        let container = String(cString: session.input.context.pointee.iformat.pointee.name)
        guard p.codec_id == AV_CODEC_ID_AAC, p.profile == FF_PROFILE_AAC_LOW, p.ch_layout.nb_channels == 2,
            p.sample_rate == AudioEncoder.sampleRate, p.bit_rate > 0, p.bit_rate <= 160_000,
            p.extradata_size > 0, container.contains("mp4") || container.contains("matroska")
        else { return nil }
        return try AudioCopy(
            stream: decoder.stream, folder: try session.output.subfolder("audio"), origin: session.timelineOrigin,
            segmentDuration: options.segmentDuration)
    }

    /// Writes a copy of the source packet on the output's clock.
    func write(_ source: UnsafeMutablePointer<AVPacket>) throws(MediaError) {
        try packet.reference(source, shiftedBy: offset)
        defer { packet.unref() }
        if packet.pointer.pointee.pts != AV.noPTS {
            secondsWritten = max(secondsWritten, AV.seconds(packet.pointer.pointee.pts + packet.pointer.pointee.duration, timeBase))
        }
        try writer.write(packet.pointer, from: timeBase)
    }

    func finish() throws(MediaError) { try writer.finish() }
}

@available(*, unavailable) extension AudioCopy: Sendable {}
