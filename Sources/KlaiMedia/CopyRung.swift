import CFFmpeg

/// The copy path: a rendition made by remuxing the source's H.264 packets without re-encoding
/// (doc/examples/remux.c), used when the source already is what that rung would encode.
final class CopyRung {
    let rendition: PlannedRendition
    let writer: HLSWriter
    let codecString: String
    private let timeBase: AVRational
    private let offset: Int64
    private let packet = Packet()
    /// Seconds of video copied so far (for progress).
    private(set) var secondsWritten = 0.0

    private init(
        rendition: PlannedRendition, stream: UnsafeMutablePointer<AVStream>, folder: String,
        origin: Double, segmentDuration: Double
    ) throws(MediaError) {
        self.rendition = rendition
        timeBase = stream.pointee.time_base
        offset = Int64((origin / av_q2d(timeBase)).rounded())
        writer = try HLSWriter(folder: folder, segmentDuration: segmentDuration)
        let parameters = stream.pointee.codecpar!
        codecString =
            CodecString.avc(
                extradata: UnsafeBufferPointer(
                    start: parameters.pointee.extradata, count: Int(parameters.pointee.extradata_size))) ?? "avc1.640029"
        try writer.start(copying: parameters, timeBase: timeBase)
    }

    /// A copy rung when the source video fits one of the planned rungs: H.264 at most High@4.1,
    /// 8-bit 4:2:0, progressive, upright, square pixels, constant frame rate, exactly the rung's size,
    /// bit rate within the rung's peak, and keyframes at most one segment apart. Otherwise nil.
    static func ifSourceFits(plan: [PlannedRendition], session: TranscodeSession) throws(MediaError) -> CopyRung? {
        let options = session.options
        guard options.allowCopy, options.start == nil, options.end == nil,
            let decoder = session.videoDecoder
        else { return nil }
        let stream = decoder.stream
        let p = stream.pointee.codecpar!.pointee
        let sar = p.sample_aspect_ratio
        guard p.codec_id == AV_CODEC_ID_H264,
            [
                FF_PROFILE_H264_BASELINE, FF_PROFILE_H264_CONSTRAINED_BASELINE, FF_PROFILE_H264_MAIN,
                FF_PROFILE_H264_HIGH
            ].contains(p.profile),
            p.level > 0, p.level <= 41,
            p.format == AV_PIX_FMT_YUV420P.rawValue,
            p.field_order == AV_FIELD_PROGRESSIVE || p.field_order == AV_FIELD_UNKNOWN,
            session.rotation == 0,
            sar.num == 0 || sar.num == sar.den,
            let rendition = plan.first(where: { $0.width == Int(p.width) && $0.height == Int(p.height) })
        else { return nil }
        // Constant frame rate at the output rate: the encoded rungs' slots then match the copied frames.
        let average = stream.pointee.avg_frame_rate
        guard average.num > 0, av_cmp_q(average, session.frameRate) == 0 || abs(av_q2d(average) - session.framesPerSecond) < 0.01
        else { return nil }
        var bitRate = Int(p.bit_rate)
        if bitRate <= 0 {
            bitRate = Int(session.input.context.pointee.bit_rate) - (session.audioDecoder == nil ? 0 : 192_000)
        }
        guard bitRate > 0, bitRate <= rendition.maxRate else { return nil }
        guard try startIsCopyable(session: session, within: options.segmentDuration) else { return nil }
        return try CopyRung(
            rendition: rendition, stream: stream, folder: try session.output.subfolder(rendition.name),
            origin: session.timelineOrigin, segmentDuration: options.segmentDuration)
    }

    /// Reads the first 30 s of video packets (no decoding) and checks keyframes come at least every
    /// `limit` seconds and frames come at a constant rate (containers such as Matroska state a
    /// nominal rate even for a phone's variable-rate video), then seeks back to the start.
    private static func startIsCopyable(session: TranscodeSession, within limit: Double) throws(MediaError) -> Bool {
        let context = session.input.context
        let stream = session.videoDecoder!.stream
        let index = stream.pointee.index
        let timeBase = stream.pointee.time_base
        let packet = Packet()
        var last: Double?
        var first: Double?
        var longest = 0.0
        var seenEnough = false
        var times: [Double] = []
        while av_read_frame(context, packet.pointer) >= 0 {
            defer { packet.unref() }
            guard packet.pointer.pointee.stream_index == index, packet.pointer.pointee.pts != AV.noPTS else { continue }
            let t = AV.seconds(packet.pointer.pointee.pts, timeBase)
            if first == nil { first = t }
            times.append(t)
            if (packet.pointer.pointee.flags & AV_PKT_FLAG_KEY) != 0 {
                if let last { longest = max(longest, t - last) }
                last = t
            }
            if t - (first ?? t) > 30 {
                seenEnough = true
                break
            }
        }
        if !seenEnough, let last, let first, session.input.duration.map({ $0 - (last - first) }) ?? 0 > limit {
            longest = max(longest, limit + 1)
        }
        try AV.check(
            avformat_seek_file(
                context, -1, Int64.min, context.pointee.start_time == AV.noPTS ? 0 : context.pointee.start_time,
                Int64.max, 0), .internalFailure, "Klai could not go back to the start of \(session.name).")
        times.sort()
        // Packets arrive in decode order: the last few presentation times may still have gaps that
        // frames not yet read (B-frames) would fill.
        if seenEnough { times.removeLast(min(times.count, 16)) }
        let frame = 1 / session.framesPerSecond
        let constant = zip(times, times.dropFirst()).allSatisfy { abs($1 - $0 - frame) < 0.002 }
        return constant && last != nil && longest <= limit + 0.01
    }

    /// Writes a copy of the source packet, shifted so the output starts at the same zero as the encoded rungs.
    func write(_ source: UnsafeMutablePointer<AVPacket>, session: TranscodeSession) throws(MediaError) {
        try packet.reference(source, shiftedBy: offset)
        defer { packet.unref() }
        if packet.pointer.pointee.pts != AV.noPTS {
            secondsWritten = max(secondsWritten, AV.seconds(packet.pointer.pointee.pts, timeBase))
        }
        try writer.write(packet.pointer, from: timeBase)
    }

    func finish() throws(MediaError) { try writer.finish() }
}

@available(*, unavailable) extension CopyRung: Sendable {}
