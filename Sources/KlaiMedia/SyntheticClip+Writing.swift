import CFFmpeg
import Foundation

extension SyntheticClip {
    /// Encodes the clip into `path` in-process (libavcodec + libavformat; no `ffmpeg` CLI).
    /// - Throws: `MediaError` when an encoder is missing or the file cannot be written.
    public func write(to path: String) throws(MediaError) {
        try ClipWriter(clip: self, path: path).run()
    }

    /// The clip's frame rate as a number.
    var framesPerSecond: Double { Double(frameRate.num) / Double(frameRate.den) }
}

/// The state of one `SyntheticClip.write(to:)`: muxer, encoders, and the drawing/tone generators.
private final class ClipWriter {
    let clip: SyntheticClip
    let output: OutputFile
    var video: CodecContext?
    var audio: CodecContext?
    let packet = Packet()

    init(clip: SyntheticClip, path: String) throws(MediaError) {
        AV.quietLogs
        self.clip = clip
        output = try OutputFile(format: clip.container, path: path)
        if let codec = clip.videoCodec { video = try makeVideoEncoder(codec) }
        if let codec = clip.audioCodec { audio = try makeAudioEncoder(codec) }
    }

    func run() throws(MediaError) {
        var videoStream = -1
        var audioStream = -1
        if let video {
            let stream = try output.addStream(encoder: video)
            videoStream = Int(stream.pointee.index)
            if clip.rotation != 0, let data = av_stream_new_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, 36) {
                data.withMemoryRebound(to: Int32.self, capacity: 9) {
                    av_display_rotation_set($0, Double(clip.rotation))
                }
            }
        }
        if let audio { audioStream = Int(try output.addStream(encoder: audio).pointee.index) }
        try output.writeHeader(options: clip.muxerOptions)

        let frameCount = Int((clip.duration * clip.framesPerSecond).rounded())
        let sampleCount = Int(clip.duration * Double(clip.sampleRate))
        var frameIndex = 0
        var samplesWritten = 0
        let picture = Frame()
        let samples = Frame()
        while true {
            let videoTime = video == nil ? .infinity : Double(frameIndex) / clip.framesPerSecond
            let audioTime = audio == nil ? .infinity : Double(samplesWritten) / Double(clip.sampleRate)
            let videoLeft = video != nil && frameIndex < frameCount
            let audioLeft = audio != nil && samplesWritten < sampleCount
            if !videoLeft && !audioLeft { break }
            if videoLeft && (!audioLeft || videoTime <= audioTime), let video {
                // Variable frame rate: every fifth frame is missing, as when a phone drops frames.
                if !(clip.variableFrameRate && frameIndex % 5 == 4) {
                    try drawFrame(frameIndex, into: picture, encoder: video)
                    try encode(picture.pointer, with: video, stream: videoStream)
                }
                frameIndex += 1
            } else if let audio {
                let count = min(frameSize(audio), sampleCount - samplesWritten)
                try fillTone(from: samplesWritten, count: count, into: samples, encoder: audio)
                try encode(samples.pointer, with: audio, stream: audioStream)
                samplesWritten += count
            }
        }
        if let video { try encode(nil, with: video, stream: videoStream) }
        if let audio { try encode(nil, with: audio, stream: audioStream) }
        try output.finish()
    }

    private func frameSize(_ audio: CodecContext) -> Int {
        let size = Int(audio.pointer.pointee.frame_size)
        return size > 0 ? size : 1024
    }

    private func encode(_ frame: UnsafeMutablePointer<AVFrame>?, with encoder: CodecContext, stream: Int) throws(MediaError) {
        try AV.check(avcodec_send_frame(encoder.pointer, frame), .internalFailure, "The test clip encoder refused a frame.")
        while true {
            let code = avcodec_receive_packet(encoder.pointer, packet.pointer)
            if code == AV.eagain || code == AV.eof { return }
            try AV.check(code, .internalFailure, "The test clip encoder failed.")
            if packet.pointer.pointee.duration == 0 && encoder === video {
                // Without a duration the MP4 muxer guesses the last frame's length and the average
                // frame rate comes out wrong; a constant-rate clip knows each frame's length.
                let frameTime = AVRational(num: clip.frameRate.den, den: clip.frameRate.num)
                packet.pointer.pointee.duration = av_rescale_q(1, frameTime, encoder.pointer.pointee.time_base)
            }
            try output.write(packet.pointer, stream: stream, from: encoder.pointer.pointee.time_base)
        }
    }

    private func drawFrame(_ index: Int, into frame: Frame, encoder: CodecContext) throws(MediaError) {
        let f = frame.pointer
        if f.pointee.data.0 == nil {
            f.pointee.format = encoder.pointer.pointee.pix_fmt.rawValue
            f.pointee.width = encoder.pointer.pointee.width
            f.pointee.height = encoder.pointer.pointee.height
            try AV.check(av_frame_get_buffer(f, 0), .internalFailure, "Klai could not allocate a test picture.")
        }
        try AV.check(av_frame_make_writable(f), .internalFailure, "Klai could not allocate a test picture.")
        switch clip.scene {
        case .pattern: ClipWriterDrawing.draw(index, into: f, width: clip.width, height: clip.height)
        case .lesson:
            ClipWriterDrawing.drawLesson(
                index, framesPerSecond: clip.framesPerSecond, into: f,
                width: clip.width, height: clip.height)
        }
        let timeBase = encoder.pointer.pointee.time_base
        f.pointee.pts = av_rescale_q(Int64(index), AVRational(num: clip.frameRate.den, den: clip.frameRate.num), timeBase)
        f.pointee.interlaced_frame = clip.interlaced ? 1 : 0
        f.pointee.top_field_first = clip.interlaced ? 1 : 0
        f.pointee.sample_aspect_ratio = encoder.pointer.pointee.sample_aspect_ratio
    }

    private func fillTone(from start: Int, count: Int, into frame: Frame, encoder: CodecContext) throws(MediaError) {
        let f = frame.pointer
        let c = encoder.pointer
        frame.unref()
        f.pointee.format = c.pointee.sample_fmt.rawValue
        f.pointee.sample_rate = c.pointee.sample_rate
        f.pointee.nb_samples = Int32(count)
        try AV.check(
            av_channel_layout_copy(&f.pointee.ch_layout, &c.pointee.ch_layout), .internalFailure,
            "Klai could not allocate test samples.")
        try AV.check(av_frame_get_buffer(f, 0), .internalFailure, "Klai could not allocate test samples.")
        let format = c.pointee.sample_fmt
        let planar = av_sample_fmt_is_planar(format) != 0
        let channels = Int(c.pointee.ch_layout.nb_channels)
        let packed = av_get_packed_sample_fmt(format)
        for channel in 0..<channels {
            guard let base = f.pointee.extended_data[planar ? channel : 0] else { continue }
            for i in 0..<count {
                let value = ClipWriterDrawing.tone(sample: start + i, channel: channel, rate: clip.sampleRate)
                let slot = planar ? i : i * channels + channel
                switch packed {
                case AV_SAMPLE_FMT_FLT:
                    base.withMemoryRebound(to: Float.self, capacity: slot + 1) { $0[slot] = Float(value) }
                case AV_SAMPLE_FMT_S32:
                    base.withMemoryRebound(to: Int32.self, capacity: slot + 1) { $0[slot] = Int32(value * 2_147_483_000) }
                default:
                    base.withMemoryRebound(to: Int16.self, capacity: slot + 1) { $0[slot] = Int16(value * 32_000) }
                }
            }
        }
        f.pointee.pts = Int64(start)
    }

    private func makeVideoEncoder(_ codec: SyntheticClip.VideoCodec) throws(MediaError) -> CodecContext {
        guard let found = avcodec_find_encoder_by_name(codec.rawValue) else {
            throw MediaError(.encoderMissing, "This FFmpeg has no \(codec.rawValue) encoder.")
        }
        let encoder = CodecContext(codec: found)
        let c = encoder.pointer
        c.pointee.width = Int32(clip.width)
        c.pointee.height = Int32(clip.height)
        c.pointee.pix_fmt = codec == .mjpeg ? AV_PIX_FMT_YUVJ420P : AV_PIX_FMT_YUV420P
        c.pointee.framerate = AVRational(num: clip.frameRate.num, den: clip.frameRate.den)
        c.pointee.time_base =
            clip.variableFrameRate
            ? AVRational(num: 1, den: 1000) : AVRational(num: clip.frameRate.den, den: clip.frameRate.num)
        c.pointee.gop_size = Int32(max(1, (clip.keyframeInterval * clip.framesPerSecond).rounded()))
        c.pointee.bit_rate = Int64(clip.videoBitRate)
        c.pointee.sample_aspect_ratio = AVRational(num: clip.sampleAspect.num, den: clip.sampleAspect.den)
        if codec == .mpeg2video || codec == .h264 { c.pointee.max_b_frames = 2 }
        if clip.interlaced {
            c.pointee.flags |= Int32(AV_CODEC_FLAG_INTERLACED_DCT | AV_CODEC_FLAG_INTERLACED_ME)
            c.pointee.field_order = AV_FIELD_TT
        }
        if output.wantsGlobalHeader { c.pointee.flags |= Int32(AV_CODEC_FLAG_GLOBAL_HEADER) }
        var options: [String: String] = [:]
        if codec == .h264 {
            options = ["preset": "veryfast", "profile": "high", "sc_threshold": "0", "x264-params": "open-gop=0"]
        }
        try encoder.open(options: options, failure: "Klai could not open the \(codec.rawValue) encoder for a test clip.")
        return encoder
    }

    private func makeAudioEncoder(_ codec: SyntheticClip.AudioCodec) throws(MediaError) -> CodecContext {
        guard let found = avcodec_find_encoder_by_name(codec.rawValue) else {
            throw MediaError(.encoderMissing, "This FFmpeg has no \(codec.rawValue) encoder.")
        }
        let encoder = CodecContext(codec: found)
        let c = encoder.pointer
        c.pointee.sample_fmt = found.pointee.sample_fmts?.pointee ?? AV_SAMPLE_FMT_S16
        c.pointee.sample_rate = Int32(clip.sampleRate)
        av_channel_layout_default(&c.pointee.ch_layout, Int32(clip.audioChannels))
        c.pointee.bit_rate = clip.audioChannels > 2 ? 384_000 : 128_000
        c.pointee.time_base = AVRational(num: 1, den: Int32(clip.sampleRate))
        if output.wantsGlobalHeader { c.pointee.flags |= Int32(AV_CODEC_FLAG_GLOBAL_HEADER) }
        try encoder.open(failure: "Klai could not open the \(codec.rawValue) encoder for a test clip.")
        return encoder
    }
}
