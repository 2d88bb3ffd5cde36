import CFFmpeg

/// Scales pictures to one rendition's size in yuv420p (`SwsContext`), freed on deinit.
///
/// The context is (re)made for the incoming frame's format with `sws_getCachedContext`, so a source
/// that changes size midway (a broadcast switching programmes) keeps working.
final class Scaler {
    private var context: OpaquePointer?
    let width: Int32
    let height: Int32

    init(width: Int, height: Int) {
        self.width = Int32(width)
        self.height = Int32(height)
    }

    /// Scales `source` into `target` (allocated or made writable here) and copies its timing.
    func scale(_ source: UnsafeMutablePointer<AVFrame>, into target: Frame) throws(MediaError) {
        let s = source.pointee
        // Bicubic is the `scale` filter's default, so Klai and the ffmpeg CLI peer compare like for like.
        context = sws_getCachedContext(
            context, s.width, s.height, AVPixelFormat(rawValue: s.format),
            width, height, AV_PIX_FMT_YUV420P, SWS_BICUBIC, nil, nil, nil)
        guard context != nil else {
            throw MediaError(.internalFailure, "Klai cannot scale \(s.width)×\(s.height) pictures to \(width)×\(height).")
        }
        let t = target.pointer
        if t.pointee.data.0 == nil {
            t.pointee.format = AV_PIX_FMT_YUV420P.rawValue
            t.pointee.width = width
            t.pointee.height = height
            try AV.check(av_frame_get_buffer(t, 0), .internalFailure, "Klai could not allocate a scaled picture.")
        }
        try AV.check(av_frame_make_writable(t), .internalFailure, "Klai could not allocate a scaled picture.")
        let sourceData: [UnsafePointer<UInt8>?] = [s.data.0, s.data.1, s.data.2, s.data.3].map { $0.map { UnsafePointer($0) } }
        let sourceStrides = [s.linesize.0, s.linesize.1, s.linesize.2, s.linesize.3]
        var targetData = [t.pointee.data.0, t.pointee.data.1, t.pointee.data.2, t.pointee.data.3]
        var targetStrides = [t.pointee.linesize.0, t.pointee.linesize.1, t.pointee.linesize.2, t.pointee.linesize.3]
        let rows = sws_scale(context, sourceData, sourceStrides, 0, s.height, &targetData, &targetStrides)
        try AV.check(rows, .internalFailure, "Klai could not scale a picture.")
        t.pointee.pts = s.pts
        t.pointee.sample_aspect_ratio = AVRational(num: 1, den: 1)
    }

    deinit { sws_freeContext(context) }
}

@available(*, unavailable) extension Scaler: Sendable {}
