import CFFmpeg

/// Makes H.264/AAC of a live source that carries something else, for one connection.
///
/// Satellite-to-IP receivers deliver DVB as it is broadcast: interlaced MPEG-2 video with MPEG-1
/// Layer II or AC-3 sound, which fMP4 HLS players cannot play. Each stream that does not fit is
/// decoded and encoded with the ladder's own parts (`Decoder`, `VideoFilter` to deinterlace,
/// `Scaler`, `VideoEncoder`, `AudioEncoder`): one rung (`ladder`: 540p ~1.2 Mb/s, libx264 `veryfast`)
/// with an IDR picture at the start of every segment, so the relay cuts segments of the length asked
/// for, and stereo AAC. A stream that already fits is left to the relay to copy: an H.264 channel
/// with MP2 sound only has its sound encoded.
///
/// Encoded packets keep the index of the input stream they came from and carry timestamps in their
/// encoder's time base on the source's clock, so the relay treats them as it treats copied ones.
/// They are handed out in time order across the two streams (x264 holds pictures back for its
/// lookahead and the sound waits for them), so a segment cut at a keyframe holds its own seconds of sound.
final class LiveTranscoder {
    /// The one rung live video is encoded to (a smaller source keeps its own height: never upscaled).
    static let ladder = Ladder(rungs: [Ladder.Rung(height: 540, bitRate: 1_200_000)])
    static let preset = "veryfast"

    private let video: LiveVideoTranscoder?
    private let audio: LiveAudioTranscoder?
    private let packets = LiveEncodedPackets()

    /// Opens decoders and encoders for every stream of `input` that is not H.264 video or AAC audio.
    /// - Throws: `MediaError.Kind.unsupportedCodec` when a stream cannot be decoded, `.encoderMissing`
    ///   when this FFmpeg lacks libx264.
    init(input: LiveInput, segmentDuration: Double) throws(MediaError) {
        let url = input.source.url
        if let index = input.videoIndex, let stream = input.stream(index), LiveTranscoder.codec(of: stream) != AV_CODEC_ID_H264 {
            video = try LiveVideoTranscoder(
                index: index, stream: stream, input: input, segmentDuration: segmentDuration,
                packets: packets)
        } else {
            video = nil
        }
        if let index = input.audioIndex, let stream = input.stream(index), LiveTranscoder.codec(of: stream) != AV_CODEC_ID_AAC {
            audio = try LiveAudioTranscoder(index: index, stream: stream, url: url, packets: packets)
        } else {
            audio = nil
        }
        packets.holdsAudioForVideo = video != nil
    }

    /// What is transcoded, for `klai live status`: "MPEG-2 video (deinterlaced) → H.264 960×540, MP2
    /// audio → AAC" (whether the pictures are interlaced is known from the first one decoded).
    var summary: String {
        var parts: [String] = []
        if let video {
            parts.append(
                "\(video.codecName) video\(video.deinterlaces ? " (deinterlaced)" : "") → H.264 "
                    + "\(video.rendition.width)×\(video.rendition.height)")
        }
        if let audio { parts.append("\(audio.codecName) audio → AAC") }
        return parts.joined(separator: ", ")
    }

    /// Whether packets of input stream `index` go through the transcoder (the others are copied).
    func transcodes(_ index: Int) -> Bool { index == video?.index || index == audio?.index }

    /// The encoded stream's parameters (with its SPS/PPS or AudioSpecificConfig) for input stream `index`.
    func parameters(_ index: Int) -> UnsafePointer<AVCodecParameters>? {
        if index == video?.index { return video.map { UnsafePointer($0.parameters) } }
        if index == audio?.index { return audio.map { UnsafePointer($0.parameters) } }
        return nil
    }

    /// The time base of the encoded packets for input stream `index`.
    func timeBase(_ index: Int) -> AVRational? {
        if index == video?.index { return video?.encoder.timeBase }
        if index == audio?.index { return audio?.encoder.codec.pointer.pointee.time_base }
        return nil
    }

    /// Decodes one packet of a transcoded stream and encodes what it gives; the results wait in `ready()`.
    func transcode(_ packet: UnsafeMutablePointer<AVPacket>, index: Int) throws(MediaError) {
        if index == video?.index {
            try video?.transcode(packet)
        } else if index == audio?.index {
            try audio?.transcode(packet)
        }
    }

    /// Encoded packets that may be relayed now, in time order, with their input stream index.
    func ready() -> [(packet: Packet, index: Int)] { packets.takeReady() }

    /// Whether the source's clock went back by more than a second (a receiver restarting its
    /// multiplex): the encoder cannot go back in time, so the relay starts a new run.
    var clockWentBack: Bool { video?.clockWentBack ?? false }

    private static func codec(of stream: UnsafeMutablePointer<AVStream>) -> AVCodecID {
        stream.pointee.codecpar?.pointee.codec_id ?? AV_CODEC_ID_NONE
    }

    /// A codec's name as broadcast engineers write it.
    static func name(of stream: UnsafeMutablePointer<AVStream>) -> String {
        switch codec(of: stream) {
        case AV_CODEC_ID_MPEG2VIDEO: return "MPEG-2"
        case AV_CODEC_ID_MPEG1VIDEO: return "MPEG-1"
        case AV_CODEC_ID_HEVC: return "HEVC"
        case AV_CODEC_ID_MP2: return "MP2"
        case AV_CODEC_ID_MP3: return "MP3"
        case AV_CODEC_ID_AC3: return "AC-3"
        case AV_CODEC_ID_EAC3: return "E-AC-3"
        case let other: return String(cString: avcodec_get_name(other)).uppercased()
        }
    }

    /// Owned copy of an opened encoder's parameters, for the output streams.
    static func parameters(of encoder: CodecContext) throws(MediaError) -> UnsafeMutablePointer<AVCodecParameters> {
        guard let parameters = avcodec_parameters_alloc() else {
            throw MediaError(.internalFailure, "Klai could not describe a live encoder's stream.")
        }
        let code = avcodec_parameters_from_context(parameters, encoder.pointer)
        if code < 0 {
            var owned: UnsafeMutablePointer<AVCodecParameters>? = parameters
            avcodec_parameters_free(&owned)
            try AV.check(code, .internalFailure, "Klai could not describe a live encoder's stream.")
        }
        return parameters
    }
}

@available(*, unavailable) extension LiveTranscoder: Sendable {}

/// The video half: decode, deinterlace, scale to the rung, encode with a keyframe every segment.
private final class LiveVideoTranscoder {
    let index: Int
    /// The source's codec, as `LiveTranscoder.name(of:)` writes it.
    let codecName: String
    let rendition: PlannedRendition
    let encoder: VideoEncoder
    let parameters: UnsafeMutablePointer<AVCodecParameters>
    private let decoder: Decoder
    private let scaler: Scaler
    private let scaled = Frame()
    private let packets: LiveEncodedPackets
    private let framesPerSecond: Double
    /// Frames per segment: a forced IDR starts each one.
    private let segmentFrames: Int64
    private var filter: VideoFilter?
    private var filterDecided = false
    /// Whether the pictures are deinterlaced (known once the first is decoded).
    var deinterlaces: Bool { filter != nil }
    private(set) var clockWentBack = false
    /// Output frame slot (time base 1/fps) of the last picture encoded, and of the next forced keyframe.
    private var lastSlot: Int64?
    private var nextKeySlot: Int64 = 0

    init(
        index: Int, stream: UnsafeMutablePointer<AVStream>, input: LiveInput, segmentDuration: Double,
        packets: LiveEncodedPackets
    ) throws(MediaError) {
        self.index = index
        self.packets = packets
        codecName = LiveTranscoder.name(of: stream)
        let url = input.source.url
        do throws(MediaError) {
            decoder = try Decoder(stream: stream, file: url)
        } catch {
            throw MediaError(
                .unsupportedCodec,
                "The live source \(url) sends \(codecName) video, "
                    + "which Klai cannot decode.", file: url, detail: error.detail)
        }
        let p = stream.pointee.codecpar?.pointee
        let display = DisplaySize(
            width: Int(p?.width ?? 0), height: Int(p?.height ?? 0),
            sampleAspect: p?.sample_aspect_ratio ?? AVRational(num: 1, den: 1), rotation: 0)
        guard display.width > 0, display.height > 0, let top = LiveTranscoder.ladder.plan(for: display).last else {
            throw MediaError(.notMedia, "The live source \(url) sends video of no known size.", file: url)
        }
        rendition = top
        let frameRate = VideoEncoder.outputFrameRate(of: stream, in: input.context)
        framesPerSecond = av_q2d(frameRate)
        segmentFrames = max(1, Int64((segmentDuration * framesPerSecond).rounded()))
        scaler = Scaler(width: top.width, height: top.height)
        // x264 places no keyframe of its own between the forced ones (as for the ladder's copy path).
        encoder = try VideoEncoder(
            rendition: top, frameRate: frameRate, keyframeInterval: Int(segmentFrames) + 2,
            preset: LiveTranscoder.preset, globalHeader: true)
        parameters = try LiveTranscoder.parameters(of: encoder.codec)
    }

    func transcode(_ packet: UnsafeMutablePointer<AVPacket>) throws(MediaError) {
        try decoder.decode(packet) { frame throws(MediaError) in
            let f = frame.pointer
            f.pointee.pts = f.pointee.best_effort_timestamp
            if !filterDecided {
                filterDecided = true
                filter = try VideoFilter(
                    first: f, timeBase: decoder.timeBase,
                    deinterlace: VideoFilter.isInterlaced(f, in: decoder.stream), rotation: 0)
            }
            if let filter {
                try filter.filter(f) { filtered throws(MediaError) in try encode(filtered.pointer, timeBase: filter.timeBase) }
            } else {
                try encode(f, timeBase: decoder.timeBase)
            }
        }
    }

    /// Encodes a picture into the output slot nearest its time; a second picture for a slot (a 50 fps
    /// source made 25 fps) is dropped, and a gap stays a gap (live sources have no frames to repeat).
    private func encode(_ picture: UnsafeMutablePointer<AVFrame>, timeBase: AVRational) throws(MediaError) {
        // Seconds bounded like the audio's, so slot arithmetic cannot overflow whatever a source sends.
        let seconds = picture.pointee.pts == AV.noPTS ? Double.nan : AV.seconds(picture.pointee.pts, timeBase)
        guard abs(seconds) < 1e9 else { return }
        let slot = Int64((seconds * framesPerSecond).rounded())
        if let lastSlot, slot <= lastSlot {
            if Double(lastSlot - slot) > framesPerSecond { clockWentBack = true }
            return
        }
        let keyframe = lastSlot == nil || slot >= nextKeySlot
        if keyframe { nextKeySlot = slot + segmentFrames }
        lastSlot = slot
        try scaler.scale(picture, into: scaled)
        let s = scaled.pointer
        s.pointee.pts = slot
        s.pointee.pict_type = keyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE
        try encoder.encode(s) { packet throws(MediaError) in
            // Constant frame rate: each picture lasts one slot (the encoder's time base).
            if packet.pointee.duration == 0 { packet.pointee.duration = 1 }
            packets.append(packet, index: index, timeBase: encoder.timeBase, isVideo: true)
        }
    }

    deinit {
        var owned: UnsafeMutablePointer<AVCodecParameters>? = parameters
        avcodec_parameters_free(&owned)
    }
}

/// The audio half: decode, resample to 48 kHz stereo, encode AAC-LC 96 kb/s (`AudioRendition.stereo`).
private final class LiveAudioTranscoder {
    let index: Int
    let codecName: String
    let encoder: AudioEncoder
    let parameters: UnsafeMutablePointer<AVCodecParameters>
    private let decoder: Decoder

    init(index: Int, stream: UnsafeMutablePointer<AVStream>, url: String, packets: LiveEncodedPackets) throws(MediaError) {
        self.index = index
        codecName = LiveTranscoder.name(of: stream)
        do throws(MediaError) {
            decoder = try Decoder(stream: stream, file: url)
        } catch {
            throw MediaError(
                .unsupportedCodec,
                "The live source \(url) sends \(codecName) audio, "
                    + "which Klai cannot decode.", file: url, detail: error.detail)
        }
        encoder = try AudioEncoder(
            rendition: .stereo, globalHeader: true,
            sink: LiveEncodedPackets.Sink(packets: packets, index: index))
        parameters = try LiveTranscoder.parameters(of: encoder.codec)
    }

    func transcode(_ packet: UnsafeMutablePointer<AVPacket>) throws(MediaError) {
        try decoder.decode(packet) { frame throws(MediaError) in
            // The source's clock, as the copied or encoded video has it; a timestamp no source sends is dropped.
            guard let seconds = decoder.seconds(of: frame), seconds >= 0, seconds < 1e9 else { return }
            try encoder.add(frame.pointer, at: seconds)
        }
    }

    deinit {
        var owned: UnsafeMutablePointer<AVCodecParameters>? = parameters
        avcodec_parameters_free(&owned)
    }
}

/// Encoded packets waiting to be relayed. With encoded video, sound waits until the pictures of its
/// time have come out of x264 (or until 3 s of it wait: a source whose pictures stopped keeps its sound).
private final class LiveEncodedPackets {
    struct Entry {
        var packet: Packet
        var index: Int
        /// Decode time in microseconds.
        var time: Int64
        var isVideo: Bool
    }

    var holdsAudioForVideo = false
    private var video: [Entry] = []
    private var audio: [Entry] = []
    private var videoTime = Int64.min
    /// AAC frames of 1024 samples at 48 kHz: 3 s.
    private static let longestAudioWait = 141

    /// A sink for one encoder whose packets belong to input stream `index`.
    final class Sink: EncodedPacketSink {
        let packets: LiveEncodedPackets
        let index: Int
        init(packets: LiveEncodedPackets, index: Int) {
            self.packets = packets
            self.index = index
        }
        func write(_ packet: UnsafeMutablePointer<AVPacket>, from timeBase: AVRational) throws(MediaError) {
            packets.append(packet, index: index, timeBase: timeBase, isVideo: false)
        }
        func finish() throws(MediaError) {}
    }

    /// Takes over `packet`'s data (leaving it empty).
    func append(_ packet: UnsafeMutablePointer<AVPacket>, index: Int, timeBase: AVRational, isVideo: Bool) {
        let kept = Packet()
        av_packet_move_ref(kept.pointer, packet)
        let dts = kept.pointer.pointee.dts != AV.noPTS ? kept.pointer.pointee.dts : kept.pointer.pointee.pts
        let entry = Entry(packet: kept, index: index, time: av_rescale_q(dts, timeBase, AV.timeBaseQ), isVideo: isVideo)
        if isVideo {
            videoTime = max(videoTime, entry.time)
            video.append(entry)
        } else {
            audio.append(entry)
        }
    }

    func takeReady() -> [(packet: Packet, index: Int)] {
        var released = video
        video.removeAll()
        let waited = !holdsAudioForVideo || audio.count > LiveEncodedPackets.longestAudioWait
        let cut = waited ? audio.count : (audio.firstIndex { $0.time > videoTime } ?? audio.count)
        released += audio.prefix(cut)
        audio.removeFirst(cut)
        return released.sorted { $0.time < $1.time }.map { ($0.packet, $0.index) }
    }
}
