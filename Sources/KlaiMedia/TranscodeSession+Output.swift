import Foundation

/// The end of a transcode: flush every rendition, check the tree, write the master playlist and
/// poster, and publish the folder in one rename.
extension TranscodeSession {
    func finishOutputs() throws(MediaError) {
        for worker in workers { worker.queue.finish() }
        for worker in workers { worker.join() }
        if let failed = workers.first(where: { $0.failure != nil }) { throw failed.failure! }
        try copyRung?.finish()
        try audio?.finish()
        try audioCopy?.finish()
        try thinAudio?.finish()
    }

    func publish() throws(MediaError) -> TranscodeResult {
        var audio: [MasterPlaylist.Audio] = []
        if hasAudio {
            let language = audioDecoder.flatMap { InputFile.streamInfo($0.stream).language }
            for rendition in hasStereoAudio ? [AudioRendition.stereo, .thin] : [.thin] {
                let playlist = try MediaPlaylist(contentsOf: output.temporary + "/" + rendition.name + "/index.m3u8")
                audio.append(MasterPlaylist.Audio(rendition: rendition, playlist: playlist, language: language))
            }
        }
        var variants: [MasterPlaylist.Variant] = []
        var videoRenditions: [(PlannedRendition, String, Bool)] = workers.map { ($0.rendition, $0.codecString, false) }
        if let copyRung { videoRenditions.append((copyRung.rendition, copyRung.codecString, true)) }
        for (rendition, codecs, copied) in videoRenditions {
            let uri = rendition.name + "/index.m3u8"
            let playlist = try MediaPlaylist(contentsOf: output.temporary + "/" + uri)
            variants.append(
                MasterPlaylist.Variant(
                    name: rendition.name, playlist: playlist, uri: uri, width: rendition.width, height: rendition.height,
                    frameRate: framesPerSecond, videoCodec: codecs, copied: copied,
                    audioGroup: hasAudio ? rendition.audio.name : nil))
        }
        // Sound alone, last: the thin rendition for a link too thin for any picture. A radio lesson has
        // no pictures, so both renditions are variants, the stereo one first.
        let audioOnly = variants.isEmpty ? audio : audio.filter { $0.rendition == .thin }
        for sound in audioOnly {
            variants.append(
                MasterPlaylist.Variant(
                    name: sound.rendition.name, playlist: sound.playlist, uri: sound.uri,
                    videoCodec: nil, copied: false, audioGroup: nil))
        }
        let master = MasterPlaylist(variants: variants, audio: videoRenditions.isEmpty ? [] : audio)
        let playlists = master.variants.map(\.playlist) + master.audio.map(\.playlist)
        try verify(playlists)
        do {
            try master.text.write(toFile: output.temporary + "/master.m3u8", atomically: false, encoding: .utf8)
        } catch {
            throw MediaError(.outputFailed, "Klai could not write the master playlist.", file: destination, detail: "\(error)")
        }
        var posterPath: String?
        if options.poster, let picture = posterFrame ?? lastFrame, let top = plan.last {
            try Poster.write(picture, width: top.width, height: top.height, to: output.temporary + "/poster.jpg")
            posterPath = output.destination + "/poster.jpg"
        }
        try output.publish()
        reportProgress(final: true)
        return TranscodeResult(
            folder: output.destination, duration: playlists.first?.duration ?? 0, variants: master.summaries,
            hasAudio: hasAudio, audioCopied: audioCopy != nil, videoFilters: filter?.description,
            corruptPackets: corruptPackets + (videoDecoder?.errors ?? 0) + (audioDecoder?.errors ?? 0),
            lostSeconds: lostSeconds, poster: posterPath, elapsed: (ContinuousClock.now - clock).seconds)
    }

    /// Every playlist finished, every segment and init segment present and non-empty, and the
    /// renditions' durations in agreement: what a player needs before the tree may be published.
    private func verify(_ playlists: [MediaPlaylist]) throws(MediaError) {
        for playlist in playlists {
            let rendition = (playlist.folder as NSString).lastPathComponent
            guard playlist.hasEndList, !playlist.segments.isEmpty else {
                throw MediaError(.outputFailed, "The \(rendition) playlist was not finished; nothing was published.", file: destination)
            }
            if let empty = playlist.segments.first(where: { $0.size == 0 }) {
                throw MediaError(
                    .outputFailed, "The segment \(rendition)/\(empty.uri) is missing; nothing was published.",
                    file: destination)
            }
            if let map = playlist.mapURI, !FileManager.default.fileExists(atPath: playlist.folder + "/" + map) {
                throw MediaError(
                    .outputFailed, "The init segment \(rendition)/\(map) is missing; nothing was published.",
                    file: destination)
            }
        }
        let durations = playlists.map(\.duration)
        let damaged = corruptPackets + (videoDecoder?.errors ?? 0) + (audioDecoder?.errors ?? 0)
        if let low = durations.min(), let high = durations.max(), high - low > 0.5, damaged > 0 {
            // One stream lost most of its data (the other concealed it): too damaged, not a Klai fault.
            throw MediaError(
                .tooManyCorruptPackets,
                "\(name) is too damaged to use: only \(Int(low)) s of its \(Int(high.rounded())) s could be read "
                    + "in every stream.", file: inputPath)
        }
        if let low = durations.min(), let high = durations.max(), high - low > 0.5 {
            throw MediaError(
                .outputFailed,
                "The renditions disagree on the length (\(low) s to \(high) s); nothing was published.",
                file: destination)
        }
    }
}
