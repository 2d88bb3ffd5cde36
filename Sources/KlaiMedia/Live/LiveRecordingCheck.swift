import CFFmpeg

/// Measures a recording the relay wrote, including one cut short by a power cut or SIGKILL.
///
/// A fragmented MP4 has no index giving its length (its moov is empty), and its last fragment may be
/// cut off; reading every packet is cheap (no decoding) and tells what actually plays.
public enum LiveRecordingCheck {
    /// Seconds of media in the file at `path`: from the first to the end of the last readable packet.
    /// - Throws: `MediaError` when the file is missing or holds no readable packet.
    public static func playableSeconds(_ path: String) throws(MediaError) -> Double {
        let input = try InputFile(path: path)
        let packet = Packet()
        var first = Double.infinity
        var last = -Double.infinity
        while av_read_frame(input.context, packet.pointer) >= 0 {
            defer { packet.unref() }
            let index = Int(packet.pointer.pointee.stream_index)
            guard index >= 0, index < Int(input.context.pointee.nb_streams),
                let stream = input.context.pointee.streams[index]
            else { continue }
            let pts = packet.pointer.pointee.pts != AV.noPTS ? packet.pointer.pointee.pts : packet.pointer.pointee.dts
            guard pts != AV.noPTS else { continue }
            let start = AV.seconds(pts, stream.pointee.time_base)
            let end = AV.seconds(pts + max(0, packet.pointer.pointee.duration), stream.pointee.time_base)
            first = min(first, start)
            last = max(last, end)
        }
        guard first.isFinite, last.isFinite, last > first else {
            throw MediaError(.truncated, "The recording \(path) holds nothing playable.", file: path)
        }
        return last - first
    }
}
