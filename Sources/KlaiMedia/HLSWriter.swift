import CFFmpeg
import Foundation

/// Writes one rendition as fMP4 (CMAF) HLS: `init.mp4`, `sNNNNN.m4s` and `index.m3u8` in its folder.
///
/// One libavformat `mp4` muxer in fragmented mode (`frag_custom+dash+delay_moov`, as libavformat's
/// own `hls` muxer sets it up) writes into a memory buffer; Klai cuts a fragment at the first
/// keyframe at or after each multiple of `segmentDuration` (every audio packet may start one), moves
/// the buffer into its segment file, and writes the media playlist itself at the end. Klai forces
/// keyframes at the same source timestamps in every rendition, so all rungs cut alike.
///
/// Klai segments itself rather than using the `hls` muxer because that muxer keeps a record of over
/// 8 KB for every segment until the end (two `MAX_URL_SIZE` file names): for a 6-hour recording,
/// 3,600 segments × 5 renditions ≈ 150 MB. Here a segment costs one `Double`, and memory stays flat.
final class HLSWriter {
    let output: OutputFile
    let folder: String
    private(set) var streamIndex = 0
    private let segmentDuration: Double
    private var started = false
    private var initWritten = false
    private var isAudio = false
    /// Durations of the segments written so far, in seconds.
    private var durations: [Double] = []
    private var firstPTS: Int64?
    private var segmentStartPTS: Int64 = 0
    /// The end (pts + duration) of the latest-ending packet of the current segment.
    private var segmentEnd: Int64 = 0
    private var packetsInSegment = 0

    /// Prepares a muxer writing into `folder` (which must exist).
    init(folder: String, segmentDuration: Double) throws(MediaError) {
        self.folder = folder
        self.segmentDuration = segmentDuration
        output = try OutputFile(format: "mp4", path: folder + "/init.mp4")
    }

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

    private var context: UnsafeMutablePointer<AVFormatContext> { output.context }
    private var stream: UnsafeMutablePointer<AVStream> { output.stream(streamIndex) }

    private func writeHeader() throws(MediaError) {
        isAudio = stream.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_AUDIO
        try openBuffer()
        // dash: empty moov with mvex, a sidx per fragment, base offsets from the moof (CMAF);
        // delay_moov: the moov is written once the first packet is known (its parameters complete);
        // skip_trailer: no mfra at the end of the last segment.
        try output.writeHeader(
            options: [("movflags", "+frag_custom+dash+delay_moov+skip_trailer"), ("fflags", "-autobsf")],
            opensFile: false)
        started = true
    }

    /// Writes a packet whose timestamps are in `timeBase` (the packet is consumed).
    func write(_ packet: UnsafeMutablePointer<AVPacket>, from timeBase: AVRational) throws(MediaError) {
        packet.pointee.stream_index = Int32(streamIndex)
        let streamTimeBase = stream.pointee.time_base
        av_packet_rescale_ts(packet, timeBase, streamTimeBase)
        let pts = packet.pointee.pts != AV.noPTS ? packet.pointee.pts : packet.pointee.dts
        if firstPTS == nil {
            firstPTS = pts
            segmentStartPTS = pts
        }
        let canStartSegment = isAudio || (packet.pointee.flags & AV_PKT_FLAG_KEY) != 0
        if packetsInSegment > 0, canStartSegment, let firstPTS {
            let boundary = Int64((segmentDuration * Double(durations.count + 1) * Double(AV_TIME_BASE)).rounded())
            if av_compare_ts(pts - firstPTS, streamTimeBase, boundary, AV.timeBaseQ) >= 0 {
                try endSegment(at: pts)
            }
        }
        segmentEnd = max(segmentEnd, pts + max(packet.pointee.duration, 0))
        try AV.check(
            av_write_frame(context, packet), .outputFailed, "Klai could not write to \(folder); is the disk full?",
            file: folder)
        av_packet_unref(packet)
        if !initWritten {
            // With delay_moov the first flush writes only ftyp + moov, keeping the packet for the first fragment.
            try AV.check(av_write_frame(context, nil), .outputFailed, "Klai could not write \(folder)/init.mp4.", file: folder)
            try moveBuffer(to: folder + "/init.mp4")
            initWritten = true
        }
        packetsInSegment += 1
    }

    /// Writes the last segment and the media playlist (`#EXT-X-ENDLIST`).
    func finish() throws(MediaError) {
        guard started else { return }
        started = false
        if !initWritten {
            try AV.check(av_write_frame(context, nil), .outputFailed, "Klai could not write \(folder)/init.mp4.", file: folder)
            try moveBuffer(to: folder + "/init.mp4")
            initWritten = true
        }
        if packetsInSegment > 0 {
            let tail = Double(segmentEnd - segmentStartPTS) * av_q2d(stream.pointee.time_base)
            if let previous = durations.last, tail < HLSWriter.shortestTail,
                previous + tail < segmentDuration + HLSWriter.shortestTail
            {
                try appendToLastSegment(seconds: tail)
            } else {
                try endSegment(at: segmentEnd)
            }
        }
        // Nothing of the trailer is kept (skip_trailer): it only closes the muxer.
        try AV.check(av_write_trailer(context), .outputFailed, "Klai could not finish writing \(folder).", file: folder)
        discardBuffer()
        try writePlaylist()
    }

    /// Flushes the fragment holding the current segment's packets into `sNNNNN.m4s`; `end` is where it ends.
    private func endSegment(at end: Int64) throws(MediaError) {
        try AV.check(
            av_write_frame(context, nil), .outputFailed, "Klai could not write to \(folder); is the disk full?",
            file: folder)
        let name = String(format: "s%05d.m4s", durations.count)
        try moveBuffer(to: folder + "/" + name, prefix: HLSWriter.segmentType)
        durations.append(Double(end - segmentStartPTS) * av_q2d(stream.pointee.time_base))
        segmentStartPTS = end
        segmentEnd = end
        packetsInSegment = 0
    }

    /// A final stretch shorter than this joins the segment before it rather than making its own.
    static let shortestTail = 0.5

    /// Flushes the current fragment onto the end of the previous segment's file. AAC frames run a few
    /// milliseconds past the last picture, so a rendition whose length is a whole number of segments
    /// would otherwise end with a 21 ms segment: one more request for a player, and a segment whose
    /// bytes over its own duration look like a rate far above the rendition's. A media segment may hold
    /// several fragments (RFC 8216 §3.3: Movie Fragment Boxes and Media Data Boxes), and the merged
    /// segment still rounds to the target duration.
    private func appendToLastSegment(seconds: Double) throws(MediaError) {
        try AV.check(
            av_write_frame(context, nil), .outputFailed, "Klai could not write to \(folder); is the disk full?",
            file: folder)
        let name = String(format: "s%05d.m4s", durations.count - 1)
        try moveBuffer(to: folder + "/" + name, appending: true)
        durations[durations.count - 1] += seconds
        packetsInSegment = 0
    }

    /// `styp` ("msdh", compatible "msdh msix"), what libavformat's hls muxer puts before each fMP4 segment.
    private static let segmentType: [UInt8] = [0, 0, 0, 24] + Array("stypmsdh".utf8) + [0, 0, 0, 0] + Array("msdhmsix".utf8)

    private func openBuffer() throws(MediaError) {
        try AV.check(avio_open_dyn_buf(&context.pointee.pb), .internalFailure, "Klai could not allocate a segment buffer.")
    }

    /// Writes what the muxer put in the memory buffer to `path` (after `prefix`, or at its end when
    /// `appending`), and starts a new buffer.
    private func moveBuffer(to path: String, prefix: [UInt8] = [], appending: Bool = false) throws(MediaError) {
        var bytes: UnsafeMutablePointer<UInt8>? = nil
        let count = Int(avio_close_dyn_buf(context.pointee.pb, &bytes))
        context.pointee.pb = nil
        defer { av_free(bytes) }
        try openBuffer()
        if appending {
            // The segment file is complete and ours alone (in the unpublished temporary tree): add to its end.
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw MediaError(.outputFailed, "Klai could not reopen the segment \(path).", file: path)
            }
            do {
                try handle.seekToEnd()
                if let bytes, count > 0 { try handle.write(contentsOf: Data(bytes: bytes, count: count)) }
                try handle.close()
            } catch {
                throw MediaError(.outputFailed, "Klai could not write \(path); is the disk full?", file: path, detail: "\(error)")
            }
            return
        }
        var file: UnsafeMutablePointer<AVIOContext>? = nil
        try AV.check(avio_open(&file, path, AVIO_FLAG_WRITE), .outputFailed, "Klai cannot create the file \(path).", file: path)
        if !prefix.isEmpty { avio_write(file, prefix, Int32(prefix.count)) }
        if let bytes, count > 0 { avio_write(file, bytes, Int32(count)) }
        let failed = file.map { $0.pointee.error } ?? 0
        let closed = avio_closep(&file)
        try AV.check(failed < 0 ? failed : closed, .outputFailed, "Klai could not write \(path); is the disk full?", file: path)
    }

    private func discardBuffer() {
        guard context.pointee.pb != nil else { return }
        var bytes: UnsafeMutablePointer<UInt8>? = nil
        _ = avio_close_dyn_buf(context.pointee.pb, &bytes)
        av_free(bytes)
        context.pointee.pb = nil
    }

    /// The VOD media playlist (RFC 8216): every EXTINF rounds to at most the target duration.
    private func writePlaylist() throws(MediaError) {
        let target = max(1, durations.map { Int($0.rounded()) }.max() ?? Int(segmentDuration.rounded()))
        var text = """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-TARGETDURATION:\(target)
            #EXT-X-MEDIA-SEQUENCE:0
            #EXT-X-PLAYLIST-TYPE:VOD
            #EXT-X-INDEPENDENT-SEGMENTS
            #EXT-X-MAP:URI="init.mp4"

            """
        for (index, duration) in durations.enumerated() {
            text += String(format: "#EXTINF:%.6f,\ns%05d.m4s\n", duration, index)
        }
        text += "#EXT-X-ENDLIST\n"
        let path = folder + "/index.m3u8"
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw MediaError(.outputFailed, "Klai could not write \(path); is the disk full?", file: path)
        }
    }

    deinit { discardBuffer() }
}

@available(*, unavailable) extension HLSWriter: Sendable {}
