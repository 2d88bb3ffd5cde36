import CFFmpeg
import Foundation

extension LiveRelay {
    /// How one connection ended.
    enum RunEnd {
        /// The upstream ended, failed or stalled after sending media.
        case dropped(String)
        /// The timestamps jumped (a source restarted its clock): start a new run at once.
        case timestampJump
        case stopping
    }

    /// The relay thread: connect, pump, and on a drop wait and connect again, until stopped.
    func run() {
        let window: LiveWindow
        do {
            window = try LiveWindow(
                folder: folder, segmentDuration: configuration.segmentDuration,
                windowSize: configuration.windowSize)
        } catch {
            update {
                $0.state = .stopped; $0.lastError = error.sentence
            }
            return
        }
        let recordings = LiveRecordingSet(relay: self)
        var delay = configuration.firstRetryDelay
        var hadMedia = false
        while !signal.isStopping {
            update { $0.state = .connecting }
            var failure: String
            var unsupported = false
            do throws(MediaError) {
                let input = try LiveInput(source: source, signal: signal, stallTimeout: configuration.stallTimeout)
                update { $0.connections += 1 }
                if !input.isCopyable {
                    do throws(MediaError) {
                        try input.startTranscoding(segmentDuration: configuration.segmentDuration)
                    } catch {
                        unsupported = true
                        throw error
                    }
                }
                update { $0.transcoding = input.transcoder?.summary }
                let end = try pump(input, into: window, recordings: recordings, sentMedia: &hadMedia)
                switch end {
                case .stopping: failure = ""
                case .timestampJump:
                    recordings.upstreamDropped()
                    continue
                case .dropped(let why):
                    failure = why
                    delay = configuration.firstRetryDelay
                }
            } catch {
                failure = error.sentence
            }
            if signal.isStopping { break }
            if hadMedia {
                update { $0.gaps += 1 }
                recordings.upstreamDropped()
                hadMedia = false
            }
            update {
                $0.state = unsupported ? .unsupported : .waiting
                $0.lastError = failure
            }
            if signal.sleep(seconds: delay) { break }
            recordings.tick(now: Date())
            delay = min(configuration.longestRetryDelay, delay * 2)
        }
        recordings.finishAll(stoppedEarly: true)
        update { $0.state = .stopped }
    }

    /// Relays packets from `input` into the window (and the open recordings) until the connection ends:
    /// copied as they are, or first through the transcoder for streams that are not H.264/AAC.
    private func pump(
        _ input: LiveInput, into window: LiveWindow, recordings: LiveRecordingSet,
        sentMedia: inout Bool
    ) throws(MediaError) -> RunEnd {
        var run = LiveRun(relay: self, input: input, window: window, recordings: recordings)
        let packet = Packet()
        recordings.beginRun(input: input)
        defer { if run.started { sentMedia = true } }
        while true {
            if signal.isStopping { return .stopping }
            signal.armDeadline(seconds: configuration.stallTimeout)
            let code = input.read(into: packet.pointer)
            if code == AV.eagain { continue }
            if code < 0 {
                if signal.isStopping { return .stopping }
                return .dropped(
                    code == AV.eof
                        ? "The live source \(source.url) ended."
                        : "The live source \(source.url) stopped sending (\(AV.errorString(code))).")
            }
            defer { packet.unref() }
            let index = Int(packet.pointer.pointee.stream_index)
            guard index == input.videoIndex || index == input.audioIndex else { continue }
            let size = Int64(packet.pointer.pointee.size)
            update(persist: false) { $0.bytesReceived += size }
            guard let transcoder = input.transcoder, transcoder.transcodes(index) else {
                if let end = try run.relay(packet.pointer, inputIndex: index) { return end }
                continue
            }
            try transcoder.transcode(packet.pointer, index: index)
            if transcoder.clockWentBack { return .timestampJump }
            for encoded in transcoder.ready() {
                if let end = try run.relay(encoded.packet.pointer, inputIndex: encoded.index) { return end }
            }
        }
    }
}

/// One connection's run of the relay: packets (copied or encoded) are put on the run's clock,
/// cut into segments at keyframes, and handed to the window and the open recordings.
private struct LiveRun {
    let relay: LiveRelay
    let input: LiveInput
    let window: LiveWindow
    let recordings: LiveRecordingSet
    private var fragmenter: LiveFragmenter?
    private var anchor: Int64?
    private var segmentStart: Int64 = 0
    private var lastTime: Int64 = 0
    private var packetsInSegment = 0
    private var wallOffset = Double.infinity
    /// Whether the run has published its init segment (viewers see it).
    private(set) var started = false

    init(relay: LiveRelay, input: LiveInput, window: LiveWindow, recordings: LiveRecordingSet) {
        self.relay = relay
        self.input = input
        self.window = window
        self.recordings = recordings
    }

    /// Relays one packet of input stream `index` (timestamps in `input.timeBase(index)`); returns how
    /// the run ends when the packet ends it.
    mutating func relay(_ packet: UnsafeMutablePointer<AVPacket>, inputIndex index: Int) throws(MediaError) -> LiveRelay.RunEnd? {
        let microsecond = AV.timeBaseQ
        guard let timeBase = input.timeBase(index) else { return nil }
        let rawDTS = packet.pointee.dts != AV.noPTS ? packet.pointee.dts : packet.pointee.pts
        guard rawDTS != AV.noPTS else { return nil }
        let isVideo = index == input.videoIndex
        let isKey = isVideo && (packet.pointee.flags & AV_PKT_FLAG_KEY) != 0
        let copiesADTS = !isVideo && input.transcoder?.transcodes(index) != true
        if copiesADTS, let filter = input.adtsFilter, !filter.filter(packet) { return nil }
        if anchor == nil {
            // The output's streams need the audio configuration, which the first ADTS frame gives;
            // then every run starts on a keyframe so its first segment plays on its own.
            if copiesADTS, let filter = input.adtsFilter, !filter.isReady { return nil }
            guard isKey || input.videoIndex == nil else { return nil }
            anchor = av_rescale_q(rawDTS, timeBase, microsecond)
            fragmenter = try LiveFragmenter(input: input, folder: relay.folder)
        }
        guard let fragmenter else { return nil }
        let shift = av_rescale_q(anchor ?? 0, microsecond, timeBase)
        if packet.pointee.pts != AV.noPTS { packet.pointee.pts -= shift }
        packet.pointee.dts = rawDTS - shift
        let time = av_rescale_q(packet.pointee.dts, timeBase, microsecond)
        if time < 0 { return nil }
        if isVideo && (time < lastTime - 1_000_000 || time > lastTime + 60_000_000) {
            return .timestampJump
        }
        if isVideo { lastTime = time }
        let canCut = input.videoIndex == nil || isKey
        if packetsInSegment > 0, canCut, time - segmentStart >= Int64(relay.configuration.segmentDuration * 1_000_000) {
            let bytes = try fragmenter.cutFragment()
            try window.append(segment: bytes, duration: Double(time - segmentStart) / 1_000_000)
            relay.update {
                $0.segments += 1
                $0.transcoding = input.transcoder?.summary
            }
            segmentStart = time
            packetsInSegment = 0
        }
        // Media time to wall-clock time: the packet that arrives earliest relative to its timestamp
        // marks the live edge (a burst of older segments when a run starts arrives ahead of its time).
        wallOffset = min(wallOffset, Date().timeIntervalSinceReferenceDate - Double(time) / 1_000_000)
        let wall = Date(timeIntervalSinceReferenceDate: wallOffset + Double(time) / 1_000_000)
        try recordings.receive(packet, inputIndex: index, timeBase: timeBase, isKey: canCut, time: time, wall: wall)
        try fragmenter.write(packet, inputIndex: index, from: timeBase)
        packetsInSegment += 1
        if !started, let initSegment = fragmenter.initSegment {
            try window.beginRun(initSegment: initSegment)
            started = true
            relay.update {
                $0.state = .live; $0.lastError = nil
            }
        }
        return nil
    }
}
