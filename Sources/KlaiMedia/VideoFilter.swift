import CFFmpeg

/// A libavfilter graph that deinterlaces and/or rotates decoded pictures before they are scaled,
/// built as in FFmpeg's doc/examples/filtering_video.c (buffer → filters → buffersink).
///
/// `bwdif` (mode=send_frame) turns each interlaced frame into one progressive frame at the same rate;
/// `transpose`/`hflip,vflip` stand the picture of a phone video upright from its display matrix.
final class VideoFilter {
    private var graph: UnsafeMutablePointer<AVFilterGraph>?
    private let source: UnsafeMutablePointer<AVFilterContext>
    private let sink: UnsafeMutablePointer<AVFilterContext>
    private let output = Frame()
    /// The filter description, for logs.
    let description: String

    /// Builds the graph for frames shaped like `first`, or returns nil when nothing needs doing.
    init?(first: UnsafeMutablePointer<AVFrame>, timeBase: AVRational, deinterlace: Bool, rotation: Int) throws(MediaError) {
        var filters: [String] = []
        if deinterlace { filters.append("bwdif=mode=send_frame:parity=auto:deint=all") }
        switch rotation {
        case 90: filters.append("transpose=clock")
        case 180: filters.append("hflip,vflip")
        case 270: filters.append("transpose=cclock")
        default: break
        }
        if filters.isEmpty { return nil }
        description = filters.joined(separator: ",")
        graph = avfilter_graph_alloc()
        let f = first.pointee
        let sar = f.sample_aspect_ratio.num > 0 ? f.sample_aspect_ratio : AVRational(num: 1, den: 1)
        let args =
            "video_size=\(f.width)x\(f.height):pix_fmt=\(f.format):time_base=\(timeBase.num)/\(timeBase.den)"
            + ":pixel_aspect=\(sar.num)/\(sar.den)"
        var source: UnsafeMutablePointer<AVFilterContext>? = nil
        var sink: UnsafeMutablePointer<AVFilterContext>? = nil
        let failure = "Klai could not set up the \(description) filter."
        try AV.check(
            avfilter_graph_create_filter(&source, avfilter_get_by_name("buffer"), "in", args, nil, graph),
            .internalFailure, failure)
        try AV.check(
            avfilter_graph_create_filter(&sink, avfilter_get_by_name("buffersink"), "out", nil, nil, graph),
            .internalFailure, failure)
        guard let source, let sink else { throw MediaError(.internalFailure, failure) }
        self.source = source
        self.sink = sink
        var outputs = avfilter_inout_alloc()
        var inputs = avfilter_inout_alloc()
        defer {
            avfilter_inout_free(&outputs)
            avfilter_inout_free(&inputs)
        }
        outputs?.pointee.name = av_strdup("in")
        outputs?.pointee.filter_ctx = source
        inputs?.pointee.name = av_strdup("out")
        inputs?.pointee.filter_ctx = sink
        try AV.check(avfilter_graph_parse_ptr(graph, description, &inputs, &outputs, nil), .internalFailure, failure)
        try AV.check(avfilter_graph_config(graph, nil), .internalFailure, failure)
    }

    /// Whether `frame`, the first decoded from `stream`, is interlaced: flagged so, or the stream
    /// declares a field order (broadcast MPEG-2 and 1080i H.264 do).
    static func isInterlaced(_ frame: UnsafeMutablePointer<AVFrame>, in stream: UnsafeMutablePointer<AVStream>) -> Bool {
        let fieldOrder = stream.pointee.codecpar?.pointee.field_order ?? AV_FIELD_UNKNOWN
        return frame.pointee.interlaced_frame != 0 || [AV_FIELD_TT, AV_FIELD_BB, AV_FIELD_TB, AV_FIELD_BT].contains(fieldOrder)
    }

    /// The time base of filtered frames: yadif/bwdif halve it (they could emit one frame per field).
    var timeBase: AVRational { av_buffersink_get_time_base(sink) }

    /// Pushes `frame` (nil at the end) and hands every filtered frame to `body`.
    func filter(_ frame: UnsafeMutablePointer<AVFrame>?, _ body: (Frame) throws(MediaError) -> Void) throws(MediaError) {
        try AV.check(
            av_buffersrc_add_frame_flags(source, frame, Int32(AV_BUFFERSRC_FLAG_KEEP_REF)),
            .internalFailure, "The \(description) filter refused a picture.")
        while true {
            let code = av_buffersink_get_frame(sink, output.pointer)
            if code == AV.eagain || code == AV.eof { return }
            try AV.check(code, .internalFailure, "The \(description) filter failed.")
            defer { output.unref() }
            try body(output)
        }
    }

    deinit { avfilter_graph_free(&graph) }
}

@available(*, unavailable) extension VideoFilter: Sendable {}
