import CFFmpeg
import Foundation

/// One recording being cut from a relay: a fragmented MP4 file (`frag_keyframe+empty_moov`) so that
/// whatever was written before a power cut or a SIGKILL plays (ISO/IEC 14496-12 §8.8: movie
/// fragments need no index at the end of the file).
///
/// Timestamps continue across upstream drops: each run's first packet follows on from the end of
/// what is already written, so the file has no hole and the drop is counted in `gaps` and in the
/// missing seconds instead.
final class LiveRecordingWriter {
    let cut: LiveCut
    var gaps = 0
    /// The cut's end in the current run's media time (microseconds), fixed when the cut opened; nil
    /// once a new run has begun, whose clock is a different one.
    var endTime: Int64?
    private let output: OutputFile
    private var videoOut: Int?
    private var audioOut: Int?
    private let packet = Packet()
    /// Where the current run's media time 0 lands in the file, in microseconds (nil until its first packet).
    private var runOffset: Int64?
    private var runFirst: Int64 = 0
    /// End of the media written so far, in microseconds of the file's time.
    private var writtenEnd: Int64 = 0
    private var recorded: Double = 0
    private var runStart: Int64 = 0
    private var needsKeyframe = true
    private var failure: String?

    /// Creates the file with one stream per relayed input stream.
    init(cut: LiveCut, input: LiveInput) throws(MediaError) {
        self.cut = cut
        let folder = (cut.path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        output = try OutputFile(format: "mp4", path: cut.path)
        if let index = input.videoIndex, let timeBase = input.timeBase(index), let parameters = input.parameters(index) {
            videoOut = Int(try output.addStream(copying: parameters, timeBase: timeBase).pointee.index)
        }
        if let index = input.audioIndex, let timeBase = input.timeBase(index), let parameters = input.parameters(index) {
            audioOut = Int(try output.addStream(copying: parameters, timeBase: timeBase).pointee.index)
        }
        try output.writeHeader(options: [("movflags", "+frag_keyframe+empty_moov+default_base_moof")])
    }

    /// A new upstream connection: its timestamps restart, and it must start on a keyframe.
    func beginRun() {
        closeRun()
        endTime = nil
        runOffset = nil
        needsKeyframe = videoOut != nil
    }

    /// Whether a keyframe at `time` (its run's media time, microseconds; `wall` on the wall clock)
    /// is at or after the cut's end.
    func hasReachedEnd(time: Int64, wall: Date) -> Bool {
        if let endTime { return time >= endTime }
        return wall >= cut.end
    }

    /// Copies one packet in (a failed write ends the recording's growth; the result reports why).
    func write(_ source: UnsafeMutablePointer<AVPacket>, isVideo: Bool, isKey: Bool, timeBase: AVRational) {
        guard failure == nil, let out = isVideo ? videoOut : audioOut else { return }
        if needsKeyframe {
            guard isVideo && isKey else { return }
            needsKeyframe = false
        }
        let microsecond = AV.timeBaseQ
        let time = av_rescale_q(source.pointee.dts, timeBase, microsecond)
        if runOffset == nil {
            runOffset = writtenEnd - time
            runFirst = time
            runStart = writtenEnd
        }
        let shift = av_rescale_q(runOffset ?? 0, microsecond, timeBase)
        do {
            try packet.reference(source, shiftedBy: -shift)
            let end = av_rescale_q(packet.pointer.pointee.dts + max(packet.pointer.pointee.duration, 0), timeBase, microsecond)
            try output.write(packet.pointer, stream: out, from: timeBase)
            writtenEnd = max(writtenEnd, end)
        } catch {
            failure = error.sentence
        }
        packet.unref()
    }

    private func closeRun() {
        if runOffset != nil { recorded += Double(writtenEnd - runStart) / 1_000_000 }
        runOffset = nil
    }

    /// Writes the end of the file and says what it holds.
    func finish(stoppedEarly: Bool) -> LiveRecordingResult {
        closeRun()
        do { try output.finish() } catch { failure = failure ?? error.sentence }
        let planned = cut.end.timeIntervalSince(cut.start)
        return LiveRecordingResult(
            cut: cut, recordedSeconds: recorded, missingSeconds: max(0, planned - recorded),
            gaps: gaps, stoppedEarly: stoppedEarly, error: failure)
    }
}

@available(*, unavailable) extension LiveRecordingWriter: Sendable {}
