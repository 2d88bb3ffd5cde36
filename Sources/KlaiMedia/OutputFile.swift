import CFFmpeg

/// A file being written by one libavformat muxer (`mp4`, `mpegts`, `hls`, `image2`, …), as in
/// FFmpeg's doc/examples/remux.c: allocate, add streams, write the header, interleave, write the trailer.
final class OutputFile {
    let context: UnsafeMutablePointer<AVFormatContext>
    let path: String
    private var headerWritten = false
    private var finished = false
    /// Whether `context.pb` is a file this object opened (and so closes).
    private var ownsIO = false

    /// Allocates a muxer for `format` (or guessed from the extension when nil) writing to `path`.
    init(format: String?, path: String) throws(MediaError) {
        AV.quietLogs
        var context: UnsafeMutablePointer<AVFormatContext>? = nil
        let code = avformat_alloc_output_context2(&context, nil, format, path)
        guard code >= 0, let context else {
            throw MediaError(
                .outputFailed, "Klai cannot write the container format \(format ?? path).",
                file: path, detail: AV.errorString(code))
        }
        self.context = context
        self.path = path
    }

    /// Whether encoders feeding this muxer must put SPS/PPS in extradata (`AV_CODEC_FLAG_GLOBAL_HEADER`).
    var wantsGlobalHeader: Bool { (context.pointee.oformat.pointee.flags & AVFMT_GLOBALHEADER) != 0 }

    /// Adds a stream described by an opened encoder.
    @discardableResult
    func addStream(encoder: CodecContext) throws(MediaError) -> UnsafeMutablePointer<AVStream> {
        guard let stream = avformat_new_stream(context, nil) else {
            throw MediaError(.internalFailure, "Klai could not add a stream to \(path).")
        }
        try AV.check(
            avcodec_parameters_from_context(stream.pointee.codecpar, encoder.pointer),
            .internalFailure, "Klai could not describe a stream of \(path).")
        stream.pointee.time_base = encoder.pointer.pointee.time_base
        return stream
    }

    /// Adds a stream that copies `parameters` from an input stream (remux.c: codec_tag = 0).
    @discardableResult
    func addStream(copying parameters: UnsafePointer<AVCodecParameters>, timeBase: AVRational)
        throws(MediaError) -> UnsafeMutablePointer<AVStream>
    {
        guard let stream = avformat_new_stream(context, nil) else {
            throw MediaError(.internalFailure, "Klai could not add a stream to \(path).")
        }
        try AV.check(
            avcodec_parameters_copy(stream.pointee.codecpar, parameters),
            .internalFailure, "Klai could not copy a stream into \(path).")
        stream.pointee.codecpar.pointee.codec_tag = 0
        stream.pointee.time_base = timeBase
        return stream
    }

    func stream(_ index: Int) -> UnsafeMutablePointer<AVStream> { context.pointee.streams[index]! }

    /// Opens the file (unless the muxer opens its own, like `hls`, or `opensFile` is false because the
    /// caller has set `context.pb` itself) and writes the header with `options`.
    func writeHeader(options: [(String, String)] = [], opensFile: Bool = true) throws(MediaError) {
        ownsIO = opensFile && (context.pointee.oformat.pointee.flags & AVFMT_NOFILE) == 0
        if ownsIO {
            try AV.check(
                avio_open(&context.pointee.pb, path, AVIO_FLAG_WRITE), .outputFailed,
                "Klai cannot create the file \(path).", file: path)
        }
        var dictionary: OpaquePointer? = nil
        for (key, value) in options { av_dict_set(&dictionary, key, value, 0) }
        defer { av_dict_free(&dictionary) }
        try AV.check(
            avformat_write_header(context, &dictionary), .outputFailed,
            "Klai could not start writing \(path).", file: path)
        headerWritten = true
    }

    /// Rescales `packet` from `timeBase` to the stream's and interleaves it (the packet is consumed).
    func write(_ packet: UnsafeMutablePointer<AVPacket>, stream index: Int, from timeBase: AVRational) throws(MediaError) {
        packet.pointee.stream_index = Int32(index)
        av_packet_rescale_ts(packet, timeBase, stream(index).pointee.time_base)
        try AV.check(
            av_interleaved_write_frame(context, packet), .outputFailed,
            "Klai could not write to \(path); is the disk full?", file: path)
    }

    /// Writes the trailer and closes the file.
    func finish() throws(MediaError) {
        guard headerWritten, !finished else { return }
        finished = true
        try AV.check(av_write_trailer(context), .outputFailed, "Klai could not finish writing \(path).", file: path)
        closeIO()
    }

    private func closeIO() {
        if ownsIO, context.pointee.pb != nil {
            avio_closep(&context.pointee.pb)
        }
    }

    deinit {
        if headerWritten && !finished { closeIO() }
        avformat_free_context(context)
    }
}

@available(*, unavailable) extension OutputFile: Sendable {}
