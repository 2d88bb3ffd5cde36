import CFFmpeg

/// H.264 encoding of one rendition with libx264, set up for HLS (FFMPEG-NOTES.md "Encoding"):
/// High profile, level 4.1, yuv420p, closed GOPs whose keyframes the caller forces at the same
/// source timestamps in every rendition, scene-cut keyframes off, and VBV so the peak stays bounded.
final class VideoEncoder {
    let codec: CodecContext
    /// `avc1.PPCCLL` read from the SPS the encoder wrote.
    let codecString: String
    private let packet = Packet()

    /// Opens libx264 for `rendition` at `frameRate`.
    /// - Parameters:
    ///   - keyframeInterval: frames between keyframes x264 would place itself; the caller forces
    ///     them anyway, this only keeps x264 from adding its own in between.
    init(
        rendition: PlannedRendition, frameRate: AVRational, keyframeInterval: Int, preset: String,
        globalHeader: Bool
    ) throws(MediaError) {
        guard let x264 = avcodec_find_encoder_by_name("libx264") else {
            throw MediaError(.encoderMissing, "This FFmpeg has no libx264 H.264 encoder; install Debian's libavcodec with x264.")
        }
        codec = CodecContext(codec: x264)
        let c = codec.pointer
        c.pointee.width = Int32(rendition.width)
        c.pointee.height = Int32(rendition.height)
        c.pointee.pix_fmt = AV_PIX_FMT_YUV420P
        c.pointee.sample_aspect_ratio = AVRational(num: 1, den: 1)
        c.pointee.framerate = frameRate
        c.pointee.time_base = av_inv_q(frameRate)
        c.pointee.gop_size = Int32(keyframeInterval)
        c.pointee.keyint_min = Int32(keyframeInterval)
        c.pointee.bit_rate = Int64(rendition.bitRate)
        c.pointee.rc_max_rate = Int64(rendition.maxRate)
        c.pointee.rc_buffer_size = Int32(rendition.bufferSize)
        c.pointee.level = 41
        // AVCodecContext's default is one thread; 0 lets x264 use frame threads and lookahead threads
        // (the ffmpeg CLI sets `threads=auto` the same way), so the largest rung is not a single-thread
        // bottleneck while the smaller ones finish early.
        c.pointee.thread_count = 0
        c.pointee.color_range = AVCOL_RANGE_MPEG
        if globalHeader { c.pointee.flags |= Int32(AV_CODEC_FLAG_GLOBAL_HEADER) }
        try codec.open(
            options: [
                "preset": preset,
                "profile": "high",
                "sc_threshold": "0",
                // forced-idr: a forced I frame is an IDR, so each segment starts a closed GOP.
                "forced-idr": "1",
                "x264-params": "open-gop=0"
            ], failure: "Klai could not open the H.264 encoder for \(rendition.name) (preset \(preset)).")
        let extradata = UnsafeBufferPointer(start: c.pointee.extradata, count: Int(c.pointee.extradata_size))
        codecString = CodecString.avc(extradata: extradata) ?? "avc1.640029"
    }

    /// Encodes `frame` (nil to flush) and hands each packet to `body`; the packet is reused after.
    func encode(_ frame: UnsafeMutablePointer<AVFrame>?, _ body: (UnsafeMutablePointer<AVPacket>) throws(MediaError) -> Void)
        throws(MediaError)
    {
        try AV.check(avcodec_send_frame(codec.pointer, frame), .internalFailure, "The H.264 encoder refused a picture.")
        while true {
            let code = avcodec_receive_packet(codec.pointer, packet.pointer)
            if code == AV.eagain || code == AV.eof { return }
            try AV.check(code, .internalFailure, "The H.264 encoder failed.")
            try body(packet.pointer)
            packet.unref()
        }
    }

    var timeBase: AVRational { codec.pointer.pointee.time_base }

    /// The output frame rate for `stream`: libav's best guess (`av_guess_frame_rate`), halved while
    /// above 31 fps (50/60 fps and field-rate interlaced sources become 25/30 fps, which suits school
    /// networks).
    static func outputFrameRate(
        of stream: UnsafeMutablePointer<AVStream>,
        in context: UnsafeMutablePointer<AVFormatContext>
    ) -> AVRational {
        var rate = av_guess_frame_rate(context, stream, nil)
        if rate.num <= 0 || rate.den <= 0 || av_q2d(rate) > 240 || av_q2d(rate) < 1 { rate = AVRational(num: 25, den: 1) }
        while av_q2d(rate) > 31 { rate = av_mul_q(rate, AVRational(num: 1, den: 2)) }
        var reduced = AVRational()
        av_reduce(&reduced.num, &reduced.den, Int64(rate.num), Int64(rate.den), 1 << 30)
        return reduced
    }
}

@available(*, unavailable) extension VideoEncoder: Sendable {}
