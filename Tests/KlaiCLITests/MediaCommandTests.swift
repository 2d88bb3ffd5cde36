import Foundation
import Testing

/// `klai transcode`, `klai probe` and `klai jobs` run as a person runs them: the built binary, real
/// files made in-process, real libav, a real library folder.
@Suite struct MediaCommandTests {
    // MARK: transcode

    @Test func transcodingAThaiNamedClipPublishesEveryVariantWithAllItsSegments() throws {
        let clips = try CLIClips()
        let source = try clips.clip("บทเรียน คณิต.mp4", seconds: 6)
        let out = clips.file("บทเรียน คณิต HLS")
        let outcome = try KlaiProcess.run(["transcode", source, "--out", out, "--ladder", "120:100,180:250"])
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.output.contains("wrote \(out)"))

        let master = try String(contentsOfFile: out + "/master.m3u8", encoding: .utf8)
        #expect(master.components(separatedBy: "#EXT-X-STREAM-INF:").count - 1 == 3, "two video variants and the sound alone")
        #expect(master.contains("RESOLUTION=214x120"))
        #expect(master.contains("RESOLUTION=320x180"))
        // Both rungs are for thin links: they and the audio-only variant share the one thin audio rendition.
        let playlists = Set(try CLIClips.mediaPlaylists(in: out))
        #expect(playlists.count == 3, "two video variants and one audio rendition: \(playlists)")
        for playlist in playlists {
            let (durations, files) = try CLIClips.segments(of: out + "/" + playlist)
            #expect(!durations.isEmpty, "\(playlist) lists no segments")
            #expect(abs(durations.reduce(0, +) - 6) < 0.5, "\(playlist) lasts \(durations.reduce(0, +)) s")
            for file in files {
                let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
                #expect(size > 0, "\(file) is missing or empty")
            }
        }
        #expect(clips.leftovers().isEmpty)
    }

    @Test func aCutFromStartToEndLastsEndMinusStart() throws {
        let clips = try CLIClips()
        let source = try clips.clip("lesson.mp4", seconds: 8)
        let out = clips.file("cut")
        // 0:02 is the [h:]mm:ss form of 2 s: the cut is 3.5 s long.
        let outcome = try KlaiProcess.run([
            "transcode", source, "--out", out, "--ladder", "180:250", "--start", "0:02",
            "--end", "5.5"
        ])
        #expect(outcome.status == 0, "\(outcome.errors)")
        let playlists = Set(try CLIClips.mediaPlaylists(in: out))
        #expect(playlists.count == 2, "the 180p rung and its thin audio, which is also the audio-only variant")
        for playlist in playlists {
            let total = try CLIClips.segments(of: out + "/" + playlist).durations.reduce(0, +)
            #expect(abs(total - 3.5) <= 0.5, "\(playlist) lasts \(total) s, not 3.5 s")
        }
    }

    @Test(
        arguments: [
            ("empty.mp4", nil, "is empty"),
            ("ใบงาน.mp4", "ใบงานที่ 1: ตอบคำถามต่อไปนี้\n", "is not a video or audio file")
        ] as [(String, String?, String)])
    func aFileThatIsNotMediaFailsWithStatus1AndASentenceAndLeavesNoFolder(
        name: String, content: String?,
        problem: String
    ) throws {
        let clips = try CLIClips()
        let source = try clips.text(name, content ?? "")
        let out = clips.file("out")
        let outcome = try KlaiProcess.run(["transcode", source, "--out", out])
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("klai transcode: "))
        #expect(outcome.errors.contains(name) && outcome.errors.contains(problem), "\(outcome.errors)")
        #expect(outcome.output.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(clips.leftovers().isEmpty)
    }

    @Test(arguments: [
        (["--ladder", "180"], "--out DIR is required"),
        (["--out", "OUT", "--ladder", "nonsense"], "--ladder 'nonsense' is not a ladder"),
        (["--out", "OUT", "--start", "soon"], "--start 'soon' is not a time"),
        (["--out", "OUT", "--preset"], "--preset needs a value")
    ])
    func aBadTranscodeFlagPrintsUsageExitsWith2AndWritesNothing(flags: [String], problem: String) throws {
        let clips = try CLIClips()
        let source = try clips.clip("lesson.mp4", seconds: 1)
        let out = clips.file("out")
        let outcome = try KlaiProcess.run(["transcode", source] + flags.map { $0 == "OUT" ? out : $0 })
        #expect(outcome.status == 2)
        #expect(outcome.errors.contains(problem), "\(outcome.errors)")
        #expect(outcome.errors.contains("usage: klai transcode"))
        #expect(outcome.output.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func transcodingAgainIntoTheSameFolderReplacesTheEarlierTranscode() throws {
        let clips = try CLIClips()
        let source = try clips.clip("lesson.mp4", seconds: 2)
        let out = clips.file("hls")
        #expect(try KlaiProcess.run(["transcode", source, "--out", out, "--ladder", "180"]).status == 0)
        try "stale".write(toFile: out + "/stale.txt", atomically: true, encoding: .utf8)
        let again = try KlaiProcess.run(["transcode", source, "--out", out, "--ladder", "180"])
        #expect(again.status == 0, "\(again.errors)")
        #expect(FileManager.default.fileExists(atPath: out + "/master.m3u8"))
        #expect(!FileManager.default.fileExists(atPath: out + "/stale.txt"))
        #expect(clips.leftovers().isEmpty)
    }

    /// `--out` naming the source itself, or the folder it is in, used to delete them when publishing.
    @Test(arguments: ["the source", "the source's folder"])
    func anOutThatIsNotAnEarlierTranscodeIsLeftAloneAndTheCommandFails(out: String) throws {
        let clips = try CLIClips()
        let source = try clips.clip("lesson.mp4", seconds: 1)
        let size = try FileManager.default.attributesOfItem(atPath: source)[.size] as? Int
        let target = out == "the source" ? source : clips.path
        let outcome = try KlaiProcess.run(["transcode", source, "--out", target])
        #expect(outcome.status == 1)
        let sentence = "klai transcode: Klai will not replace \(target): it exists and is not an HLS folder"
        #expect(outcome.errors.contains(sentence), "\(outcome.errors)")
        #expect(try FileManager.default.attributesOfItem(atPath: source)[.size] as? Int == size)
        #expect(try FileManager.default.contentsOfDirectory(atPath: clips.path) == ["lesson.mp4"])
        let beside = try FileManager.default.contentsOfDirectory(atPath: clips.folder.deletingLastPathComponent().path)
        #expect(!beside.contains { $0.hasPrefix("." + clips.folder.lastPathComponent + ".partial-") })
    }

    @Test func ctrlCStopsATranscodeWithStatus1AndRemovesItsTemporaryFolder() throws {
        let clips = try CLIClips()
        let source = try clips.clip("lesson.mp4", seconds: 10)
        let out = clips.file("out")
        let process = Process()
        process.executableURL = KlaiProcess.executable
        // veryslow without the copy path keeps it busy for a second or more after its first progress line.
        process.arguments = ["transcode", source, "--out", out, "--ladder", "180", "--no-copy", "--preset", "veryslow"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var seen = ""
        while !seen.contains("%") {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        #expect(!clips.leftovers().isEmpty, "the transcode had not started writing when interrupted")
        process.interrupt()
        seen += String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 1)
        #expect(seen.contains("klai transcode: The transcode was cancelled."), "\(seen)")
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(clips.leftovers().isEmpty)
    }

    @Test func anEndBeforeTheStartFailsWithASentence() throws {
        let clips = try CLIClips()
        let source = try clips.clip("lesson.mp4", seconds: 1)
        let out = clips.file("out")
        let outcome = try KlaiProcess.run(["transcode", source, "--out", out, "--start", "5", "--end", "3"])
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("The end time must come after the start time."), "\(outcome.errors)")
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(clips.leftovers().isEmpty)
    }

    // MARK: probe

    @Test func probeNamesTheCodecsSizeAndDuration() throws {
        let clips = try CLIClips()
        let source = try clips.clip("บทเรียน คณิต.mp4", seconds: 3)
        let outcome = try KlaiProcess.run(["probe", source])
        #expect(outcome.status == 0, "\(outcome.errors)")
        let lines = outcome.output.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("บทเรียน คณิต.mp4: ") == true, "\(outcome.output)")
        let duration = try #require(lines.first?.firstMatch(of: /, ([0-9.]+) s,/)).1
        #expect(abs((Double(duration) ?? 0) - 3) < 0.2)
        #expect(lines.contains { $0.contains("video: h264") && $0.contains("320×180") && $0.contains("25 fps") })
        #expect(lines.contains { $0.contains("audio: aac") && $0.contains("48000 Hz") && $0.contains("stereo") })
    }

    @Test func probeJSONListsTheStreamsForScripts() throws {
        let clips = try CLIClips()
        let source = try clips.clip("lesson.mp4", seconds: 2)
        let outcome = try KlaiProcess.run(["probe", "--json", source])
        #expect(outcome.status == 0, "\(outcome.errors)")
        let info = try #require(try JSONSerialization.jsonObject(with: Data(outcome.output.utf8)) as? [String: Any])
        #expect(info["file"] as? String == source)
        #expect(abs((info["duration"] as? Double ?? 0) - 2) < 0.2)
        let streams = try #require(info["streams"] as? [[String: Any]])
        let video = try #require(streams.first { $0["kind"] as? String == "video" })
        #expect(video["codec"] as? String == "h264")
        #expect(video["width"] as? Int == 320 && video["height"] as? Int == 180)
        let audio = try #require(streams.first { $0["kind"] as? String == "audio" })
        #expect(audio["codec"] as? String == "aac")
        #expect(audio["sampleRate"] as? Int == 48_000)
    }

    @Test(arguments: [
        ("notes.mp4", "notes.mp4 is not a video or audio file Klai can read."),
        ("lessons", "lessons is a folder, not a video or audio file."),
        ("gone.mp4", "The file gone.mp4 does not exist.")
    ])
    func probeOfSomethingThatIsNotMediaExitsWith1AndSaysWhatItIs(name: String, sentence: String) throws {
        let clips = try CLIClips()
        _ = try clips.text("notes.mp4", "not a video\n")
        try FileManager.default.createDirectory(atPath: clips.file("lessons"), withIntermediateDirectories: false)
        let outcome = try KlaiProcess.run(["probe", clips.file(name)])
        #expect(outcome.status == 1)
        #expect(outcome.errors == "klai probe: \(sentence)\n")
        #expect(outcome.output.isEmpty)
    }

    // MARK: jobs

    @Test func jobsListsTheQueueAndRetriesAFailedTranscodeAndCancelsIt() throws {
        let clips = try CLIClips()
        _ = try clips.clip("lesson.mp4", seconds: 2)
        _ = try clips.text("worksheet.mp4", "ใบงานที่ 1\n")
        let manifest = """
            {"records": [
              {"kind": "local_lesson", "key": "cli-jobs-1", "title": "บทเรียน 1", "media": "lesson.mp4"},
              {"kind": "local_lesson", "key": "cli-jobs-2", "title": "ใบงาน 1", "media": "worksheet.mp4"}
            ]}
            """
        let manifestPath = try clips.text("lessons.json", manifest)
        let data = clips.file("library")
        func klai(_ arguments: String...) throws -> KlaiProcess.Outcome {
            try KlaiProcess.run(arguments + ["--data", data], in: clips.folder)
        }

        let imported = try klai("catalog", "import", manifestPath)
        #expect(imported.status == 0, "\(imported.errors)")
        #expect(imported.output.contains("2 transcode(s) queued"), "\(imported.output)")
        let queued = try klai("jobs")
        #expect(queued.status == 0)
        #expect(queued.output.split(separator: "\n").count == 2)
        #expect(queued.output.contains("#1  asset") && queued.output.contains("#2  asset"))
        #expect(
            queued.output.split(separator: "\n").allSatisfy { $0.contains("queued  0%  attempt 0/3") },
            "\(queued.output)")

        let ran = try klai("jobs", "run")
        #expect(ran.status == 0, "\(ran.errors)")
        #expect(ran.output.contains("ran 2 job(s); 1 failed job(s) in the queue"), "\(ran.output)")
        let after = try klai("jobs")
        let lines = after.output.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("#1 ") && $0.contains("done") }, "\(after.output)")
        // A text file will never become a video: failed at once, with the reason, not retried on its own.
        #expect(
            lines.contains {
                $0.hasPrefix("#2 ") && $0.contains("failed  attempt 1/3  — ")
                    && $0.contains("is not a video or audio file")
            }, "\(after.output)")
        let hls = data + "/Media/hls"
        let published = try FileManager.default.contentsOfDirectory(atPath: hls)
        #expect(published.count == 1 && !published[0].contains(".partial-"), "\(published)")
        #expect(FileManager.default.fileExists(atPath: hls + "/" + published[0] + "/master.m3u8"))

        let doneRetry = try klai("jobs", "retry", "1")
        #expect(doneRetry.status == 1)
        #expect(doneRetry.errors.contains("job #1 does not exist or is not in a state that allows it"))

        let retried = try klai("jobs", "retry", "2")
        #expect(retried.status == 0, "\(retried.errors)")
        #expect(retried.output.contains("job #2 queued again"))
        let requeued = try klai("jobs", "--state", "queued")
        #expect(
            requeued.output.hasPrefix("#2 ") && requeued.output.contains("queued  0%  attempt 0/3"),
            "\(requeued.output)")
        #expect(requeued.output.split(separator: "\n").count == 1)

        let cancelled = try klai("jobs", "cancel", "2")
        #expect(cancelled.status == 0, "\(cancelled.errors)")
        #expect(cancelled.output.contains("job #2 cancelled"))
        #expect(try klai("jobs", "--state", "cancelled").output.hasPrefix("#2 "))
        #expect(try klai("jobs", "--state", "queued").output == "no transcode jobs\n")
    }

    @Test func jobsWithoutALibrarySaysWhereItLookedAndCreatesNothing() throws {
        let clips = try CLIClips()
        let data = clips.file("librray")
        let outcome = try KlaiProcess.run(["jobs", "--data", data], in: clips.folder)
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("klai jobs: no library at \(data)"), "\(outcome.errors)")
        #expect(outcome.output.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: data))
    }

    @Test(arguments: ["retry", "cancel"])
    func retryOrCancelOfAnUnknownJobSaysSoAndExitsWith1(action: String) throws {
        let clips = try CLIClips()
        let data = try emptyLibrary(in: clips)
        let outcome = try KlaiProcess.run(["jobs", action, "42", "--data", data], in: clips.folder)
        #expect(outcome.status == 1)
        #expect(outcome.errors.contains("klai jobs \(action): job #42 does not exist"), "\(outcome.errors)")
        #expect(outcome.output.isEmpty)
    }

    @Test(arguments: [
        (["retry"], "retry needs a job number"), (["cancel", "two"], "cancel needs a job number"),
        (["--state", "finished"], "unknown state 'finished'"), (["pause", "1"], "unknown action 'pause'")
    ])
    func aBadJobsArgumentPrintsUsageAndExitsWith2(arguments: [String], problem: String) throws {
        let clips = try CLIClips()
        let data = try emptyLibrary(in: clips)
        let outcome = try KlaiProcess.run(["jobs"] + arguments + ["--data", data], in: clips.folder)
        #expect(outcome.status == 2)
        #expect(outcome.errors.contains(problem), "\(outcome.errors)")
        #expect(outcome.errors.contains("usage: klai jobs"))
    }

    /// A library with its schema and no jobs, made by `klai demo --empty`; returns its data folder.
    private func emptyLibrary(in clips: CLIClips) throws -> String {
        let data = clips.file("library")
        let outcome = try KlaiProcess.run(["demo", "--empty", "--data", data], in: clips.folder)
        try #require(outcome.status == 0, "\(outcome.errors)")
        return data
    }
}
