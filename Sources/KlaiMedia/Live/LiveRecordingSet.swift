import CFFmpeg
import Foundation

/// The recordings a relay is cutting from its packets, owned by the relay's thread.
///
/// A cut opens on the first keyframe whose wall-clock time is at or after its start, takes every
/// packet until the first keyframe at or after its end, and is then finished and reported. The end is
/// fixed in media time when the cut opens, so the recording's length is the period's within one GOP
/// however the packets' arrival wanders meanwhile (a loaded box, an HLS source's bursts); only after
/// an upstream drop, whose new run has a new clock, does the end fall back to the wall clock. An
/// upstream drop inside a cut does not end it: the next run continues in the same file (after a
/// keyframe) and the drop counts as a gap, so a period with an outage still gives one playable file.
final class LiveRecordingSet {
    private unowned let relay: LiveRelay
    private var waiting: [LiveCut] = []
    private var open: [LiveRecordingWriter] = []
    /// The current run's input, held weakly: the relay's run owns it, and a connection that has ended must
    /// be closed before the next one opens (a UDP source's port cannot be bound twice).
    private weak var input: LiveInput?

    init(relay: LiveRelay) { self.relay = relay }

    /// A new connection's packets follow.
    func beginRun(input: LiveInput) {
        self.input = input
        for writer in open { writer.beginRun() }
    }

    /// The upstream dropped: open recordings count a gap.
    func upstreamDropped() {
        for writer in open { writer.gaps += 1 }
    }

    /// Offers one relayed packet (timestamps in `timeBase`; `time` is its run's media time in
    /// microseconds, `wall` that time on the wall clock) to every cut.
    func receive(
        _ packet: UnsafeMutablePointer<AVPacket>, inputIndex: Int, timeBase: AVRational, isKey: Bool,
        time: Int64, wall: Date
    ) throws(MediaError) {
        waiting += relay.takePendingCuts()
        tick(now: wall)
        guard let input else { return }
        let isVideo = inputIndex == input.videoIndex
        if isKey, !waiting.isEmpty {
            for cut in waiting where cut.start <= wall {
                do {
                    let writer = try LiveRecordingWriter(cut: cut, input: input)
                    // (A cut of more than a day keeps to the wall clock: no timetable entry can make this trap.)
                    let seconds = cut.end.timeIntervalSince(wall)
                    if seconds < 86_400 { writer.endTime = time + Int64(max(seconds, 0) * 1_000_000) }
                    open.append(writer)
                } catch {
                    relay.report(
                        LiveRecordingResult(
                            cut: cut, recordedSeconds: 0, missingSeconds: cut.end.timeIntervalSince(cut.start),
                            gaps: 0, stoppedEarly: false, error: error.sentence))
                }
            }
            waiting.removeAll { $0.start <= wall }
        }
        var ended: [LiveRecordingWriter] = []
        for writer in open {
            if isKey && writer.hasReachedEnd(time: time, wall: wall) {
                ended.append(writer)
                continue
            }
            writer.write(packet, isVideo: isVideo, isKey: isKey, timeBase: timeBase)
        }
        for writer in ended { finish(writer, stoppedEarly: false) }
    }

    /// Finishes what the clock has passed while no packets arrive (an outage across a cut's end).
    func tick(now: Date) {
        waiting += relay.takePendingCuts()
        for cut in waiting where cut.end <= now {
            relay.report(
                LiveRecordingResult(
                    cut: cut, recordedSeconds: 0, missingSeconds: cut.end.timeIntervalSince(cut.start),
                    gaps: 0, stoppedEarly: false, error: "Nothing arrived from the source during this period."))
        }
        waiting.removeAll { $0.end <= now }
        // A cut ends on a keyframe; one whose end passed more than a stall limit ago gets none.
        let late = open.filter { now.timeIntervalSince($0.cut.end) > relay.configuration.stallTimeout }
        for writer in late { finish(writer, stoppedEarly: false) }
    }

    /// Finishes every open recording (the relay is stopping).
    func finishAll(stoppedEarly: Bool) {
        for writer in open { finish(writer, stoppedEarly: stoppedEarly) }
        waiting += relay.takePendingCuts()
        waiting.removeAll()
    }

    private func finish(_ writer: LiveRecordingWriter, stoppedEarly: Bool) {
        open.removeAll { $0 === writer }
        relay.report(writer.finish(stoppedEarly: stoppedEarly))
    }
}

@available(*, unavailable) extension LiveRecordingSet: Sendable {}
