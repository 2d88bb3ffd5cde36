import CFFmpeg

/// One audio rendition: any decoded audio → the rendition's channels at 48 kHz (downmix/upmix and
/// resample with libswresample) → AAC-LC at its bit rate → a sink: HLS on disk for the ladder (the
/// session feeds the same decoded frames to each `AudioRendition`, stereo and thin, so the source's
/// sound is decoded once), or a live relay's run (`LiveTranscoder`).
///
/// AAC takes exactly `frame_size` (1024) samples per frame, so converted samples wait in an
/// `AVAudioFifo` as in FFmpeg's doc/examples/transcode_aac.c.
final class AudioEncoder {
    static let sampleRate: Int32 = 48_000

    let rendition: AudioRendition
    let codec: CodecContext
    private let sink: any EncodedPacketSink
    private var resampler: OpaquePointer?
    private let fifo: OpaquePointer
    private let converted = Frame()
    private let chunk = Frame()
    private let packet = Packet()
    /// Next output timestamp in samples (time base 1/48000).
    private var nextTimestamp: Int64 = 0
    private var sawFirstFrame = false
    /// Samples of silence put in gaps where the source's sound was lost.
    private(set) var silenceSamples: Int64 = 0

    /// An encoder writing the rendition as HLS into `folder`.
    convenience init(rendition: AudioRendition, folder: String, segmentDuration: Double) throws(MediaError) {
        let writer = try HLSWriter(folder: folder, segmentDuration: segmentDuration)
        try self.init(rendition: rendition, globalHeader: writer.output.wantsGlobalHeader, sink: writer)
        try writer.start(encoder: codec)
    }

    /// An encoder handing its packets (time base 1/48000) to `sink`; `globalHeader` puts the
    /// AudioSpecificConfig in extradata, as MP4 muxers want.
    init(rendition: AudioRendition, globalHeader: Bool, sink: any EncodedPacketSink) throws(MediaError) {
        self.rendition = rendition
        guard let aac = avcodec_find_encoder(AV_CODEC_ID_AAC) else {
            throw MediaError(.encoderMissing, "This FFmpeg has no AAC encoder.")
        }
        self.sink = sink
        codec = CodecContext(codec: aac)
        let c = codec.pointer
        c.pointee.sample_fmt = AV_SAMPLE_FMT_FLTP
        c.pointee.sample_rate = AudioEncoder.sampleRate
        av_channel_layout_default(&c.pointee.ch_layout, rendition.channels)
        c.pointee.bit_rate = Int64(rendition.bitRate)
        c.pointee.profile = FF_PROFILE_AAC_LOW
        c.pointee.time_base = AVRational(num: 1, den: AudioEncoder.sampleRate)
        if globalHeader { c.pointee.flags |= Int32(AV_CODEC_FLAG_GLOBAL_HEADER) }
        try codec.open(failure: "Klai could not open the AAC encoder.")
        guard let fifo = av_audio_fifo_alloc(AV_SAMPLE_FMT_FLTP, rendition.channels, 4096) else {
            fatalError("av_audio_fifo_alloc: out of memory")
        }
        self.fifo = fifo
    }

    /// Converts and encodes a decoded audio frame that starts `offset` seconds after the output's start.
    func add(_ frame: UnsafeMutablePointer<AVFrame>, at offset: Double) throws(MediaError) {
        if !sawFirstFrame {
            sawFirstFrame = true
            nextTimestamp = Int64((max(0, offset) * Double(AudioEncoder.sampleRate)).rounded())
        }
        try fillGap(before: offset)
        try convert(frame)
        try drain(final: false)
    }

    /// Pads with silence when the source skips ahead (samples lost to damage in a broadcast
    /// recording), so the sound after the gap stays in step with the pictures.
    private func fillGap(before offset: Double) throws(MediaError) {
        let expected = nextTimestamp + Int64(av_audio_fifo_size(fifo)) + (resampler.map { swr_get_delay($0, Int64(AudioEncoder.sampleRate)) } ?? 0)
        let gap = Int64((offset * Double(AudioEncoder.sampleRate)).rounded()) - expected
        guard gap > Int64(AudioEncoder.sampleRate / 10), gap < Int64(AudioEncoder.sampleRate) * 600 else { return }
        silenceSamples += gap
        var remaining = Int32(gap)
        while remaining > 0 {
            let count = min(remaining, 4096)
            let f = try newChunk(samples: count)
            av_samples_set_silence(f.pointee.extended_data, 0, count, rendition.channels, AV_SAMPLE_FMT_FLTP)
            let written = f.pointee.extended_data.withMemoryRebound(to: UnsafeMutableRawPointer?.self, capacity: channels) {
                av_audio_fifo_write(fifo, $0, count)
            }
            try AV.check(written, .internalFailure, "Klai ran out of memory buffering audio.")
            remaining -= count
            try drain(final: false)
        }
    }

    /// Flushes the resampler, the FIFO and the encoder, and finishes the sink (the playlist).
    func finish() throws(MediaError) {
        if resampler != nil { try convert(nil) }
        try drain(final: true)
        try encode(nil)
        try sink.finish()
    }

    private func convert(_ frame: UnsafeMutablePointer<AVFrame>?) throws(MediaError) {
        if resampler == nil { resampler = swr_alloc() }
        converted.unref()
        let c = converted.pointer
        av_channel_layout_default(&c.pointee.ch_layout, rendition.channels)
        c.pointee.sample_rate = AudioEncoder.sampleRate
        c.pointee.format = AV_SAMPLE_FMT_FLTP.rawValue
        // swr_convert_frame configures the resampler from the first frame (swr_config_frame) and
        // allocates the output; downmix of 5.1 and upmix of mono use libswresample's default matrix.
        try AV.check(swr_convert_frame(resampler, c, frame), .internalFailure, "Klai could not resample the audio.")
        guard c.pointee.nb_samples > 0 else { return }
        let written = c.pointee.extended_data.withMemoryRebound(to: UnsafeMutableRawPointer?.self, capacity: channels) {
            av_audio_fifo_write(fifo, $0, c.pointee.nb_samples)
        }
        try AV.check(written, .internalFailure, "Klai ran out of memory buffering audio.")
    }

    /// `chunk`, emptied and given a fresh buffer for `samples` samples of the encoder's format
    /// (the rendition's channels, float planar, 48 kHz).
    private func newChunk(samples: Int32) throws(MediaError) -> UnsafeMutablePointer<AVFrame> {
        chunk.unref()
        let f = chunk.pointer
        av_channel_layout_default(&f.pointee.ch_layout, rendition.channels)
        f.pointee.sample_rate = AudioEncoder.sampleRate
        f.pointee.format = AV_SAMPLE_FMT_FLTP.rawValue
        f.pointee.nb_samples = samples
        try AV.check(av_frame_get_buffer(f, 0), .internalFailure, "Klai could not allocate audio.")
        return f
    }

    private func drain(final: Bool) throws(MediaError) {
        let frameSize = codec.pointer.pointee.frame_size > 0 ? codec.pointer.pointee.frame_size : 1024
        while av_audio_fifo_size(fifo) >= frameSize || (final && av_audio_fifo_size(fifo) > 0) {
            let count = min(frameSize, av_audio_fifo_size(fifo))
            let f = try newChunk(samples: count)
            let read = f.pointee.extended_data.withMemoryRebound(to: UnsafeMutableRawPointer?.self, capacity: channels) {
                av_audio_fifo_read(fifo, $0, count)
            }
            try AV.check(read, .internalFailure, "Klai could not read buffered audio.")
            f.pointee.pts = nextTimestamp
            nextTimestamp += Int64(count)
            try encode(f)
        }
    }

    private func encode(_ frame: UnsafeMutablePointer<AVFrame>?) throws(MediaError) {
        try AV.check(avcodec_send_frame(codec.pointer, frame), .internalFailure, "The AAC encoder refused audio.")
        while true {
            let code = avcodec_receive_packet(codec.pointer, packet.pointer)
            if code == AV.eagain || code == AV.eof { return }
            try AV.check(code, .internalFailure, "The AAC encoder failed.")
            try sink.write(packet.pointer, from: codec.pointer.pointee.time_base)
        }
    }

    private var channels: Int { Int(rendition.channels) }

    /// Seconds of audio encoded so far.
    var secondsWritten: Double { Double(nextTimestamp) / Double(AudioEncoder.sampleRate) }

    deinit {
        swr_free(&resampler)
        av_audio_fifo_free(fifo)
    }
}

@available(*, unavailable) extension AudioEncoder: Sendable {}
