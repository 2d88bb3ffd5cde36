import CFFmpeg
import Foundation

/// One run of `Transcoder`: the demux/decode loop of FFmpeg's doc/examples/transcode.c, fanning
/// decoded pictures out to the rung threads and feeding the one audio encoder.
final class TranscodeSession {
    let inputPath: String
    let destination: String
    let options: TranscodeOptions
    let clock = ContinuousClock.now

    var input: InputFile!
    var output: OutputFolder!
    var videoDecoder: Decoder?
    var audioDecoder: Decoder?
    /// The stereo rendition when it is encoded (nil when the source's AAC is copied instead).
    var audio: AudioEncoder?
    var audioCopy: AudioCopy?
    /// The thin-link mono rendition, always encoded when there is sound.
    var thinAudio: AudioEncoder?
    /// Whether the output has sound (the thin rendition, and the stereo one, encoded or copied, when a rung uses it).
    var hasAudio: Bool { thinAudio != nil }
    /// Whether the stereo rendition was made.
    var hasStereoAudio: Bool { audio != nil || audioCopy != nil }
    var workers: [RungWorker] = []
    var plan: [PlannedRendition] = []
    var copyRung: CopyRung?

    // Timing, all in seconds of the source's clock.
    var origin = 0.0
    /// Output time zero, a little before `origin`. Every rendition starts `startDelay` late, so the
    /// H.264 decode timestamps that precede the first picture (B-frames) stay positive and no muxer
    /// shifts its own stream: audio and video keep the source's sync.
    var timelineOrigin: Double { origin - TranscodeSession.startDelay }
    static let startDelay = 0.2
    var endTime: Double?
    var expectedDuration: Double?
    var frameRate = AVRational(num: 25, den: 1)
    var framesPerSecond: Double { av_q2d(frameRate) }

    // Video state (TranscodeSession+Video.swift).
    var filter: VideoFilter?
    var filterDecided = false
    var rotation = 0
    var nextIndex: Int64?
    var firstIndex: Int64 = 0
    var lastFrame: Frame?
    var posterFrame: Frame?
    var videoEnded = false
    var videoFramesOut = 0
    var audioEnded = false
    var audioFramesIn = 0

    // Damage accounting.
    var packetsRead = 0
    var corruptPackets = 0
    /// Seconds of pictures missing from the source (gaps filled with the previous picture).
    var lostVideoSeconds = 0.0
    /// Seconds of the source's time that could not be read in at least one stream.
    var lostSeconds: Double {
        max(lostVideoSeconds, Double((audio ?? thinAudio)?.silenceSamples ?? 0) / Double(AudioEncoder.sampleRate))
    }
    var lastProgress = -1.0

    init(input: String, destination: String, options: TranscodeOptions) {
        inputPath = input
        self.destination = destination
        self.options = options
    }

    var name: String { (inputPath as NSString).lastPathComponent }

    func run() throws(MediaError) -> TranscodeResult {
        AV.quietLogs
        try validateCut()
        input = try InputFile(path: inputPath)
        try openDecoders()
        output = try OutputFolder(destination: destination)
        do throws(MediaError) {
            try setUpOutputs()
            try demuxAndDecode()
            try finishOutputs()
            let result = try publish()
            return result
        } catch {
            stopWorkers()
            output.discard()
            throw error
        }
    }

    private func validateCut() throws(MediaError) {
        if let start = options.start, start < 0 {
            throw MediaError(.invalidCut, "The start time cannot be before the beginning of the file.", file: inputPath)
        }
        if let start = options.start, let end = options.end, end <= start {
            throw MediaError(.invalidCut, "The end time must come after the start time.", file: inputPath)
        }
    }

    private func openDecoders() throws(MediaError) {
        let video = input.bestStream(AVMEDIA_TYPE_VIDEO)
        let audioStream = input.bestStream(AVMEDIA_TYPE_AUDIO)
        if video == nil && audioStream == nil {
            throw MediaError(.noStreams, "\(name) has no decodable video or audio stream.", file: inputPath)
        }
        if let video { videoDecoder = try Decoder(stream: video, file: inputPath) }
        if let audioStream { audioDecoder = try Decoder(stream: audioStream, file: inputPath) }

        let fileStart =
            input.context.pointee.start_time == AV.noPTS
            ? 0 : Double(input.context.pointee.start_time) / Double(AV_TIME_BASE)
        origin = fileStart + (options.start ?? 0)
        endTime = options.end.map { fileStart + $0 }
        if let duration = input.duration {
            if let start = options.start, start >= duration {
                throw MediaError(
                    .invalidCut, "The start time (\(Int(start)) s) is after the end of \(name) (\(Int(duration)) s).",
                    file: inputPath)
            }
            expectedDuration = min(options.end ?? duration, duration) - (options.start ?? 0)
        } else if let end = options.end {
            expectedDuration = end - (options.start ?? 0)
        }
    }

    /// Seeks to a point before the start; decoded frames before the start are then dropped.
    /// MPEG-TS has no index, so libav's seek lands on any packet near the target, not on a keyframe,
    /// and the decoder skips ahead to the next keyframe: seeking 10 s early leaves room for that.
    private func seekToStart() throws(MediaError) {
        guard let start = options.start, start > 0 else { return }
        let fileStart = origin - start
        let target = Int64(max(fileStart, origin - 10) * Double(AV_TIME_BASE))
        try AV.check(
            avformat_seek_file(input.context, -1, Int64.min, target, target, 0), .invalidCut,
            "Klai could not seek to \(start) s in \(name).", file: inputPath)
    }

    private func demuxAndDecode() throws(MediaError) {
        try seekToStart()
        let packet = Packet()
        let videoIndex = videoDecoder.map { Int32($0.stream.pointee.index) } ?? -1
        let audioIndex = audioDecoder.map { Int32($0.stream.pointee.index) } ?? -1
        var readErrors = 0
        while !((videoDecoder == nil || videoEnded) && (audioDecoder == nil || audioEnded)) {
            if options.isCancelled?() == true { throw MediaError.cancelled(inputPath) }
            let code = av_read_frame(input.context, packet.pointer)
            if code == AV.eof { break }
            if code < 0 {
                // A damaged stretch the demuxer cannot resynchronise over: count it, give up after many.
                readErrors += 1
                corruptPackets += 1
                if readErrors > 100 || code != AV.invalidData { break }
                continue
            }
            defer { packet.unref() }
            let index = packet.pointer.pointee.stream_index
            if index != videoIndex && index != audioIndex { continue }
            packetsRead += 1
            if (packet.pointer.pointee.flags & AV_PKT_FLAG_CORRUPT) != 0 { corruptPackets += 1 }
            if index == videoIndex, let decoder = videoDecoder, !videoEnded {
                try copyRung?.write(packet.pointer, session: self)
                if workers.isEmpty && copyRung != nil {
                    // Only the copied rung: decode keyframes alone, and only until the poster is found.
                    if posterFrame == nil && (packet.pointer.pointee.flags & AV_PKT_FLAG_KEY) != 0 {
                        try decoder.decode(packet.pointer) { frame throws(MediaError) in try keepPosterCandidate(frame) }
                    }
                    continue
                }
                try decoder.decode(packet.pointer) { frame throws(MediaError) in try handleVideo(frame) }
            } else if index == audioIndex, let audioCopy {
                audioFramesIn += 1
                try audioCopy.write(packet.pointer)
                // The thin rendition is encoded from the same sound even when the stereo one is a copy.
                if let decoder = audioDecoder, !audioEnded {
                    try decoder.decode(packet.pointer) { frame throws(MediaError) in try handleAudio(frame) }
                }
            } else if index == audioIndex, let decoder = audioDecoder, !audioEnded {
                try decoder.decode(packet.pointer) { frame throws(MediaError) in try handleAudio(frame) }
            }
            try checkDamage(final: false)
            try checkWorkerFailures()
            reportProgress(final: false)
        }
        if let decoder = videoDecoder, !videoEnded {
            if workers.isEmpty && copyRung != nil {
                // Threaded decoders hold a few frames back: flush them out for the poster.
                if posterFrame == nil { try decoder.decode(nil) { frame throws(MediaError) in try keepPosterCandidate(frame) } }
            } else {
                try decoder.decode(nil) { frame throws(MediaError) in try handleVideo(frame) }
            }
        }
        if !videoEnded { try filter?.filter(nil) { frame throws(MediaError) in try emitVideo(frame) } }
        if let decoder = audioDecoder, !audioEnded {
            try decoder.decode(nil) { frame throws(MediaError) in try handleAudio(frame) }
        }
        try checkDamage(final: true)
    }

    /// Damaged packets (flagged by the demuxer or rejected by a decoder) are skipped and counted;
    /// past `maxCorruptFraction` of what was read the source is not worth publishing.
    private func checkDamage(final: Bool) throws(MediaError) {
        let damaged = corruptPackets + (videoDecoder?.errors ?? 0) + (audioDecoder?.errors ?? 0)
        let enough = final ? 10 : 200
        if damaged > enough && Double(damaged) > options.maxCorruptFraction * Double(max(packetsRead, 1)) {
            throw MediaError(
                .tooManyCorruptPackets,
                "\(name) is too damaged to use: \(damaged) of \(packetsRead) packets could not be read.",
                file: inputPath)
        }
        if final, let total = expectedDuration, total > 0, lostSeconds > options.maxLostFraction * total {
            throw MediaError(
                .tooManyCorruptPackets,
                "\(name) is too damaged to use: \(Int(lostSeconds.rounded())) s of its \(Int(total.rounded())) s "
                    + "could not be read.", file: inputPath)
        }
        if final && (videoDecoder != nil || audioDecoder != nil) && videoFramesOut == 0 && audioFramesIn == 0 {
            throw MediaError(.notMedia, "Klai could not decode any picture or sound from \(name).", file: inputPath)
        }
    }

    func reportProgress(final: Bool) {
        guard let progress = options.progress else { return }
        let elapsed = (ContinuousClock.now - clock).seconds
        if !final && elapsed - lastProgress < 0.25 { return }
        lastProgress = elapsed
        let videoSeconds = Double(nextIndex ?? 0) / framesPerSecond
        let done = max(
            videoSeconds, audio?.secondsWritten ?? 0, audioCopy?.secondsWritten ?? 0,
            thinAudio?.secondsWritten ?? 0, copyRung?.secondsWritten ?? 0)
        let total = expectedDuration
        let percent = final ? 100 : total.map { $0 > 0 ? min(99.9, done / $0 * 100) : 0 } ?? 0
        progress(TranscodeProgress(percent: percent, mediaSeconds: done, totalSeconds: total, elapsed: elapsed))
    }

    /// Abandons the rung queues and waits for the threads (failure or cancellation).
    func stopWorkers() {
        for worker in workers { worker.queue.abandon() }
        for worker in workers { worker.join() }
    }
}

@available(*, unavailable) extension TranscodeSession: Sendable {}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
