import CFFmpeg

/// The video side of a transcode: choosing the renditions, deinterlacing/rotating, turning the
/// source's timing into constant frame rate, and fanning each picture out to every rung.
extension TranscodeSession {
    /// Frames buffered per rung: enough to keep every thread busy, small enough for constant memory.
    static let queueCapacity = 8

    func setUpOutputs() throws(MediaError) {
        if let decoder = videoDecoder {
            let stream = decoder.stream
            let parameters = stream.pointee.codecpar!.pointee
            rotation = InputFile.rotation(of: stream)
            let display = DisplaySize(
                width: Int(parameters.width), height: Int(parameters.height),
                sampleAspect: parameters.sample_aspect_ratio, rotation: rotation)
            frameRate = VideoEncoder.outputFrameRate(of: stream, in: input.context)
            plan = options.ladder.plan(for: display)
            copyRung = try CopyRung.ifSourceFits(plan: plan, session: self)
            let interval =
                copyRung == nil
                ? Int((options.keyframeInterval * framesPerSecond).rounded(.up))
                : Int((options.segmentDuration * framesPerSecond).rounded(.up)) + 2
            for rendition in plan where rendition.name != copyRung?.rendition.name {
                let folder = try output.subfolder(rendition.name)
                workers.append(
                    try RungWorker(
                        rendition: rendition, folder: folder, frameRate: frameRate, keyframeInterval: interval,
                        preset: options.preset, segmentDuration: options.segmentDuration,
                        queueCapacity: TranscodeSession.queueCapacity))
            }
        }
        // The stereo rendition goes with the larger rungs (and is the radio lesson's first variant); a
        // small source whose every rung is for thin links plays only the thin one.
        if audioDecoder != nil && (videoDecoder == nil || plan.contains { !$0.isForThinLinks }) {
            audioCopy = try AudioCopy.ifSourceFits(session: self)
            if audioCopy == nil {
                audio = try AudioEncoder(
                    rendition: .stereo, folder: try output.subfolder(AudioRendition.stereo.name),
                    segmentDuration: options.segmentDuration)
            }
        }
        if audioDecoder != nil {
            thinAudio = try AudioEncoder(
                rendition: .thin, folder: try output.subfolder(AudioRendition.thin.name),
                segmentDuration: options.segmentDuration)
        }
        for worker in workers { worker.start() }
    }

    func handleVideo(_ frame: Frame) throws(MediaError) {
        guard let decoder = videoDecoder, !videoEnded else { return }
        let f = frame.pointer
        f.pointee.pts = f.pointee.best_effort_timestamp
        if !filterDecided {
            filterDecided = true
            filter = try VideoFilter(
                first: f, timeBase: decoder.timeBase,
                deinterlace: VideoFilter.isInterlaced(f, in: decoder.stream), rotation: rotation)
        }
        if let filter {
            try filter.filter(f) { filtered throws(MediaError) in try emitVideo(filtered) }
        } else {
            try emitVideo(frame)
        }
    }

    /// Constant frame rate (like ffmpeg's `-fps_mode cfr`): each picture goes to the output slot
    /// nearest its timestamp; a picture for a slot already filled is dropped, and empty slots are
    /// filled with the previous picture.
    func emitVideo(_ frame: Frame) throws(MediaError) {
        guard !videoEnded else { return }
        let timeBase = filter?.timeBase ?? videoDecoder!.timeBase
        let pts = frame.pointer.pointee.pts
        var index: Int64
        if pts == AV.noPTS {
            index = nextIndex ?? 0
        } else {
            let seconds = AV.seconds(pts, timeBase)
            if let endTime, seconds >= endTime - 0.5 / framesPerSecond {
                videoEnded = true
                return
            }
            if (seconds - origin) * framesPerSecond < -0.5 { return }
            index = max(0, Int64(((seconds - timelineOrigin) * framesPerSecond).rounded()))
        }
        if var next = nextIndex {
            if index < next { return }
            if Double(index - next) > framesPerSecond * 10 {
                // A jump in the source's clock (a recording restarted): do not invent 10 s of copies.
                next = index
            }
            if Double(index - next) > framesPerSecond / 2 { lostVideoSeconds += Double(index - next) / framesPerSecond }
            while next < index, let last = lastFrame {
                try fanOut(last, index: next, fresh: false)
                next += 1
            }
        }
        try fanOut(frame, index: index, fresh: true)
        nextIndex = index + 1
        lastFrame = try frame.reference()
    }

    /// Gives every rung its own reference to the picture, stamped with output slot `index`.
    private func fanOut(_ frame: Frame, index: Int64, fresh: Bool) throws(MediaError) {
        let keyframe: Bool
        if videoFramesOut == 0 {
            // HLSWriter measures segments from the first packet, so the GOP grid starts here.
            firstIndex = index
            keyframe = true
        } else if copyRung != nil {
            // The copied rung cuts at the source's keyframes; the encoded rungs follow them.
            keyframe = fresh && frame.pointer.pointee.key_frame != 0
        } else {
            let period = options.keyframeInterval * framesPerSecond
            let slot = Double(index - firstIndex)
            keyframe = (slot / period + 1e-6).rounded(.down) != ((slot - 1) / period + 1e-6).rounded(.down)
        }
        for worker in workers {
            let reference = try frame.reference()
            reference.pointer.pointee.pts = index
            reference.forceKeyframe = keyframe
            if !worker.queue.push(reference) { try checkWorkerFailures() }
        }
        if options.poster, posterFrame == nil, Double(index) / framesPerSecond >= 0.1 * (expectedDuration ?? 0) {
            posterFrame = try frame.reference()
        }
        videoFramesOut += 1
    }

    /// The copy-only path: keyframes are decoded just to pick the poster picture.
    func keepPosterCandidate(_ frame: Frame) throws(MediaError) {
        videoFramesOut += 1
        lastFrame = try frame.reference()
        guard let seconds = videoDecoder?.seconds(of: frame) else { return }
        if options.poster, seconds - origin >= 0.1 * (expectedDuration ?? 0) { posterFrame = try frame.reference() }
    }

    func checkWorkerFailures() throws(MediaError) {
        for worker in workers where worker.queue.isAbandoned {
            worker.join()
            throw worker.failure ?? MediaError(.internalFailure, "A rendition stopped unexpectedly.")
        }
    }

    /// Hands a decoded audio frame to every encoded audio rendition (stereo unless copied, and thin).
    func handleAudio(_ frame: Frame) throws(MediaError) {
        let encoders = [audio, thinAudio].compactMap { $0 }
        guard let decoder = audioDecoder, let clock = encoders.first, !audioEnded else { return }
        if audioCopy == nil { audioFramesIn += 1 }
        let seconds = decoder.seconds(of: frame) ?? (timelineOrigin + clock.secondsWritten)
        if let endTime, seconds >= endTime {
            audioEnded = true
            return
        }
        if seconds < origin - 0.01 { return }
        for encoder in encoders { try encoder.add(frame.pointer, at: seconds - timelineOrigin) }
    }
}
