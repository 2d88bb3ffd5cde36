import CFFmpeg

/// Writes one rendition as fMP4 (CMAF) HLS with libavformat's `hls` muxer: `index.m3u8`, `init.mp4`
/// and `sNNNNN.m4s` in its own folder (FFMPEG-NOTES.md; option names from libavformat/hlsenc.c).
///
/// The muxer cuts a segment at the first keyframe at or after each multiple of `segmentDuration`;
/// Klai forces keyframes at the same source timestamps in every rendition, so all cut alike.
final class HLSWriter {
    let output: OutputFile
    let folder: String
    private(set) var streamIndex = 0
    private var started = false

    /// Prepares a muxer writing into `folder` (which must exist).
    init(folder: String, segmentDuration: Double) throws(MediaError) {
        self.folder = folder
        output = try OutputFile(format: "hls", path: folder + "/index.m3u8")
        self.segmentDuration = segmentDuration
    }

    private let segmentDuration: Double

    /// Adds the rendition's one stream from an opened encoder and writes the header.
    func start(encoder: CodecContext) throws(MediaError) {
        streamIndex = Int(try output.addStream(encoder: encoder).pointee.index)
        try writeHeader()
    }

    /// Adds the rendition's one stream copied from an input stream and writes the header.
    func start(copying parameters: UnsafePointer<AVCodecParameters>, timeBase: AVRational) throws(MediaError) {
        streamIndex = Int(try output.addStream(copying: parameters, timeBase: timeBase).pointee.index)
        try writeHeader()
    }

    private func writeHeader() throws(MediaError) {
        try output.writeHeader(options: [
            ("hls_time", String(segmentDuration)),
            ("hls_playlist_type", "vod"),
            ("hls_segment_type", "fmp4"),
            ("hls_fmp4_init_filename", "init.mp4"),
            ("hls_segment_filename", folder + "/s%05d.m4s"),
            // temp_file: a segment appears under its name only once complete.
            ("hls_flags", "independent_segments+temp_file"),
        ])
        started = true
    }

    /// Writes a packet whose timestamps are in `timeBase`.
    func write(_ packet: UnsafeMutablePointer<AVPacket>, from timeBase: AVRational) throws(MediaError) {
        try output.write(packet, stream: streamIndex, from: timeBase)
    }

    /// Writes the last segment and the final playlist (`#EXT-X-ENDLIST`).
    func finish() throws(MediaError) {
        if started { try output.finish() }
    }
}

@available(*, unavailable) extension HLSWriter: Sendable {}
