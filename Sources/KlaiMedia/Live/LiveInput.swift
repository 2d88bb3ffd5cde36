import CFFmpeg
import Foundation

/// One connection to a live source (`AVFormatContext` opened on a URL), freed on deinit.
///
/// Unlike `InputFile` it reads from the network: every blocking call can be interrupted through
/// `LiveStopSignal`, and the video and audio streams to relay are chosen once, when it opens.
final class LiveInput {
    let context: UnsafeMutablePointer<AVFormatContext>
    let source: LiveSource
    /// Input stream index of the video to relay, if any.
    let videoIndex: Int?
    /// Input stream index of the audio to relay, if any.
    let audioIndex: Int?
    /// Converts ADTS AAC (MPEG-TS, HLS sources) for fMP4; nil when the audio needs no conversion.
    let adtsFilter: LiveADTSFilter?
    /// Encodes the streams that cannot be copied (once `startTranscoding` has made it).
    private(set) var transcoder: LiveTranscoder?

    /// Connects to `source` and reads enough to know its streams.
    /// - Throws: `MediaError` (`.notMedia` when the address does not answer with media, `.cancelled`
    ///   when the relay was stopped, `.noStreams` when there is neither video nor audio).
    init(source: LiveSource, signal: LiveStopSignal, stallTimeout: Double) throws(MediaError) {
        AV.quietLogs
        self.source = source
        guard let allocated = avformat_alloc_context() else {
            throw MediaError(.internalFailure, "Klai could not allocate a live input.")
        }
        allocated.pointee.interrupt_callback.callback = { opaque in
            guard let opaque else { return 0 }
            return Unmanaged<LiveStopSignal>.fromOpaque(opaque).takeUnretainedValue().shouldInterrupt ? 1 : 0
        }
        // The signal outlives every input: the relay that owns both keeps it until its thread ends.
        allocated.pointee.interrupt_callback.opaque = Unmanaged.passUnretained(signal).toOpaque()
        var dictionary: OpaquePointer? = nil
        for (key, value) in source.openOptions(stallTimeout: stallTimeout) { av_dict_set(&dictionary, key, value, 0) }
        defer { av_dict_free(&dictionary) }
        signal.armDeadline(seconds: stallTimeout * 2)
        var context: UnsafeMutablePointer<AVFormatContext>? = allocated
        let code = avformat_open_input(&context, source.url, nil, &dictionary)
        // On failure avformat_open_input frees the context it was given.
        guard code >= 0, let opened = context else {
            if signal.isStopping { throw MediaError.cancelled(source.url) }
            throw MediaError(
                .notMedia, "Klai could not open the live source \(source.url).", file: source.url,
                detail: AV.errorString(code))
        }
        signal.armDeadline(seconds: stallTimeout * 2)
        let info = avformat_find_stream_info(opened, nil)
        if info < 0 {
            avformat_close_input(&context)
            throw MediaError(
                .notMedia, "Klai could not read the streams of \(source.url).", file: source.url,
                detail: AV.errorString(info))
        }
        self.context = opened
        videoIndex = LiveInput.best(AVMEDIA_TYPE_VIDEO, in: opened)
        audioIndex = LiveInput.best(AVMEDIA_TYPE_AUDIO, in: opened)
        adtsFilter = audioIndex.flatMap { opened.pointee.streams[$0] }.flatMap { LiveADTSFilter(stream: $0) }
        if videoIndex == nil && audioIndex == nil {
            throw MediaError(.noStreams, "The live source \(source.url) carries neither video nor audio.", file: source.url)
        }
    }

    private static func best(_ type: AVMediaType, in context: UnsafeMutablePointer<AVFormatContext>) -> Int? {
        let index = av_find_best_stream(context, type, -1, -1, nil, 0)
        guard index >= 0, index < context.pointee.nb_streams, let stream = context.pointee.streams[Int(index)] else {
            return nil
        }
        if (stream.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC) != 0 { return nil }
        return Int(index)
    }

    /// The input stream at `index` (one `videoIndex` or `audioIndex` found when opening).
    func stream(_ index: Int) -> UnsafeMutablePointer<AVStream>? {
        guard index >= 0, index < Int(context.pointee.nb_streams) else { return nil }
        return context.pointee.streams[index]
    }

    /// The parameters output streams copy for input stream `index` (for ADTS audio, the converted ones;
    /// for a transcoded stream, its encoder's).
    func parameters(_ index: Int) -> UnsafePointer<AVCodecParameters>? {
        if let encoded = transcoder?.parameters(index) { return encoded }
        if index == audioIndex, let adtsFilter { return UnsafePointer(adtsFilter.parameters) }
        return stream(index).map { UnsafePointer($0.pointee.codecpar) }
    }

    /// The time base of the packets relayed for input stream `index` (a transcoded stream's encoder's).
    func timeBase(_ index: Int) -> AVRational? {
        transcoder?.timeBase(index) ?? stream(index)?.pointee.time_base
    }

    /// Opens a transcoder for the streams that are not H.264 video or AAC audio.
    /// - Throws: `MediaError` with a sentence when a stream cannot be decoded or encoded.
    func startTranscoding(segmentDuration: Double) throws(MediaError) {
        transcoder = try LiveTranscoder(input: self, segmentDuration: segmentDuration)
    }

    /// Whether every relayed stream can be copied into fMP4 HLS as it is (H.264 video, AAC audio).
    var isCopyable: Bool {
        let videoOK = videoIndex.flatMap { stream($0) }.map { $0.pointee.codecpar?.pointee.codec_id == AV_CODEC_ID_H264 } ?? true
        let audioOK = audioIndex.flatMap { stream($0) }.map { $0.pointee.codecpar?.pointee.codec_id == AV_CODEC_ID_AAC } ?? true
        return videoOK && audioOK
    }

    /// Reads the next packet into `packet`; returns libav's code (negative at the end or on error).
    func read(into packet: UnsafeMutablePointer<AVPacket>) -> Int32 { av_read_frame(context, packet) }

    deinit {
        // The transcoder's decoders were made from this context's streams: they go first.
        transcoder = nil
        var context: UnsafeMutablePointer<AVFormatContext>? = self.context
        avformat_close_input(&context)
    }
}

@available(*, unavailable) extension LiveInput: Sendable {}
