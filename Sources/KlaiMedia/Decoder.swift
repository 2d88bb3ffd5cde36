import CFFmpeg

/// Decodes one input stream (transcode.c `open_input_file` + `decode_packet`): packets in, frames out.
///
/// Damaged data is not fatal here: a packet the decoder rejects as invalid is counted in `errors`
/// and skipped, so a broadcast recording with a few bad seconds still transcodes; the caller decides
/// how many errors are too many.
final class Decoder {
    let codec: CodecContext
    let stream: UnsafeMutablePointer<AVStream>
    let timeBase: AVRational
    /// Packets the decoder rejected and frames it marked corrupt.
    private(set) var errors = 0
    private let frame = Frame()

    /// Opens a decoder for `stream`.
    /// - Throws: `MediaError.unsupportedCodec` when this FFmpeg cannot decode it.
    init(stream: UnsafeMutablePointer<AVStream>, file: String) throws(MediaError) {
        let parameters = stream.pointee.codecpar!
        let name = String(cString: avcodec_get_name(parameters.pointee.codec_id))
        let kind = parameters.pointee.codec_type == AVMEDIA_TYPE_AUDIO ? "audio" : "video"
        guard let found = avcodec_find_decoder(parameters.pointee.codec_id) else {
            throw MediaError(
                .unsupportedCodec,
                "The \(kind) of this file uses a codec (\(name)) that Klai cannot decode.", file: file)
        }
        codec = CodecContext(codec: found)
        self.stream = stream
        timeBase = stream.pointee.time_base
        try AV.check(
            avcodec_parameters_to_context(codec.pointer, parameters), .unsupportedCodec,
            "The \(kind) stream (\(name)) could not be read.", file: file)
        codec.pointer.pointee.pkt_timebase = timeBase
        // thread_count 0: the decoder picks its own threads (FFMPEG-NOTES.md).
        codec.pointer.pointee.thread_count = 0
        do throws(MediaError) {
            try codec.open(failure: "Klai could not open the \(name) \(kind) decoder.")
        } catch {
            throw MediaError(
                .unsupportedCodec, "The \(kind) of this file (\(name)) cannot be decoded.",
                file: file, detail: error.detail)
        }
    }

    /// Sends `packet` (nil to flush at the end) and hands every decoded frame to `body`.
    /// The frame passed to `body` is reused afterwards: take a reference to keep it.
    func decode(_ packet: UnsafeMutablePointer<AVPacket>?, _ body: (Frame) throws(MediaError) -> Void) throws(MediaError) {
        let sent = avcodec_send_packet(codec.pointer, packet)
        if sent < 0 && sent != AV.eof && sent != AV.eagain {
            errors += 1
            return
        }
        while true {
            let code = avcodec_receive_frame(codec.pointer, frame.pointer)
            if code == AV.eagain || code == AV.eof { return }
            if code < 0 {
                errors += 1
                return
            }
            defer { frame.unref() }
            if (frame.pointer.pointee.flags & AV_FRAME_FLAG_CORRUPT) != 0 || frame.pointer.pointee.decode_error_flags != 0 {
                errors += 1
            }
            try body(frame)
        }
    }

    /// The frame's presentation time in seconds (`best_effort_timestamp`, transcode.c), or nil.
    func seconds(of frame: Frame) -> Double? {
        let ts = frame.pointer.pointee.best_effort_timestamp
        return ts == AV.noPTS ? nil : AV.seconds(ts, timeBase)
    }
}

@available(*, unavailable) extension Decoder: Sendable {}
