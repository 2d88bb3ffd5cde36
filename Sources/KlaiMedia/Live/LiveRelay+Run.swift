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
            window = try LiveWindow(folder: folder, segmentDuration: configuration.segmentDuration,
                                    windowSize: configuration.windowSize)
        } catch {
            update { $0.state = .stopped; $0.lastError = error.sentence }
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
                    unsupported = true
                    throw MediaError(.unsupportedCodec, "The live source \(source.url) is not H.264 video with AAC "
                                        + "sound; Klai relays only those as they are.", file: source.url)
                }
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

    /// Copies packets from `input` into the window (and the open recordings) until the connection ends.
    private func pump(_ input: LiveInput, into window: LiveWindow, recordings: LiveRecordingSet,
                      sentMedia: inout Bool) throws(MediaError) -> RunEnd {
        var fragmenter: LiveFragmenter?
        let packet = Packet()
        let microsecond = AV.timeBaseQ
        let cutAfter = Int64(configuration.segmentDuration * 1_000_000)
        var anchor: Int64?
        var segmentStart: Int64 = 0
        var lastTime: Int64 = 0
        var packetsInSegment = 0
        var runStarted = false
        var wallOffset = Double.infinity
        recordings.beginRun(input: input)
        while true {
            if signal.isStopping { return .stopping }
            signal.armDeadline(seconds: configuration.stallTimeout)
            let code = input.read(into: packet.pointer)
            if code == AV.eagain { continue }
            if code < 0 {
                if signal.isStopping { return .stopping }
                return .dropped(code == AV.eof ? "The live source \(source.url) ended."
                                : "The live source \(source.url) stopped sending (\(AV.errorString(code))).")
            }
            defer { packet.unref() }
            let index = Int(packet.pointer.pointee.stream_index)
            guard index == input.videoIndex || index == input.audioIndex, let stream = input.stream(index) else { continue }
            let timeBase = stream.pointee.time_base
            let rawDTS = packet.pointer.pointee.dts != AV.noPTS ? packet.pointer.pointee.dts : packet.pointer.pointee.pts
            guard rawDTS != AV.noPTS else { continue }
            let isVideo = index == input.videoIndex
            let isKey = isVideo && (packet.pointer.pointee.flags & AV_PKT_FLAG_KEY) != 0
            if !isVideo, let filter = input.adtsFilter, !filter.filter(packet.pointer) { continue }
            if anchor == nil {
                // The output's streams need the audio configuration, which the first ADTS frame gives;
                // then every run starts on a keyframe so its first segment plays on its own.
                if let filter = input.adtsFilter, !filter.isReady { continue }
                guard isKey || input.videoIndex == nil else { continue }
                anchor = av_rescale_q(rawDTS, timeBase, microsecond)
                fragmenter = try LiveFragmenter(input: input, folder: folder)
            }
            guard let fragmenter else { continue }
            let shift = av_rescale_q(anchor ?? 0, microsecond, timeBase)
            if packet.pointer.pointee.pts != AV.noPTS { packet.pointer.pointee.pts -= shift }
            packet.pointer.pointee.dts = rawDTS - shift
            let time = av_rescale_q(packet.pointer.pointee.dts, timeBase, microsecond)
            if time < 0 { continue }
            if isVideo && (time < lastTime - 1_000_000 || time > lastTime + 60_000_000) {
                return .timestampJump
            }
            if isVideo { lastTime = time }
            let canCut = input.videoIndex == nil || isKey
            if packetsInSegment > 0, canCut, time - segmentStart >= cutAfter {
                let bytes = try fragmenter.cutFragment()
                try window.append(segment: bytes, duration: Double(time - segmentStart) / 1_000_000)
                update { $0.segments += 1 }
                segmentStart = time
                packetsInSegment = 0
            }
            // Media time to wall-clock time: the packet that arrives earliest relative to its timestamp
            // marks the live edge (a burst of older segments when a run starts arrives ahead of its time).
            wallOffset = min(wallOffset, Date().timeIntervalSinceReferenceDate - Double(time) / 1_000_000)
            let wall = Date(timeIntervalSinceReferenceDate: wallOffset + Double(time) / 1_000_000)
            try recordings.receive(packet.pointer, inputIndex: index, timeBase: timeBase, isKey: canCut, wall: wall)
            let size = Int64(packet.pointer.pointee.size)
            try fragmenter.write(packet.pointer, inputIndex: index, from: timeBase)
            packetsInSegment += 1
            if !runStarted, let initSegment = fragmenter.initSegment {
                try window.beginRun(initSegment: initSegment)
                runStarted = true
                sentMedia = true
                update { $0.state = .live; $0.lastError = nil }
            }
            update(persist: false) { $0.bytesReceived += size }
        }
    }
}
