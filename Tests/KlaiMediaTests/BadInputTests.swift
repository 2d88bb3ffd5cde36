import Foundation
import Testing

@testable import KlaiMedia

/// Each broken source ends in a `MediaError` whose sentence names the problem, with no crash and
/// no temporary folder left beside the destination.
@Suite struct BadInputTests {
    /// Transcodes `source` expecting failure; checks nothing was published or leaked.
    private func failure(
        _ source: String, in folder: TemporaryFolder,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> MediaError {
        let destination = folder.file("hls/asset")
        do {
            _ = try Transcoder(input: source, destination: destination).run()
        } catch {
            #expect(!FileManager.default.fileExists(atPath: destination), sourceLocation: sourceLocation)
            #expect(HLSExpectations.leftovers(in: folder.file("hls")).isEmpty, sourceLocation: sourceLocation)
            #expect(!error.sentence.isEmpty && error.sentence.hasSuffix("."), sourceLocation: sourceLocation)
            return error
        }
        Issue.record("transcoding \(source) should have failed", sourceLocation: sourceLocation)
        return MediaError(.internalFailure, "")
    }

    @Test func zeroByteFileIsReportedAsEmpty() throws {
        let folder = TemporaryFolder()
        let source = folder.file("empty.mp4")
        #expect(FileManager.default.createFile(atPath: source, contents: Data()))
        let error = try failure(source, in: folder)
        #expect(error.kind == .emptyFile)
        #expect(error.sentence.contains("empty"))
    }

    @Test func textFileNamedMP4IsNotMedia() throws {
        let folder = TemporaryFolder()
        let source = folder.file("ใบงาน.mp4")
        try "ใบงานที่ 1: ตอบคำถามต่อไปนี้\n".write(toFile: source, atomically: true, encoding: .utf8)
        let error = try failure(source, in: folder)
        #expect(error.kind == .notMedia)
        #expect(error.sentence.contains("not a video or audio file"))
    }

    @Test func mp4CutOffBeforeItsIndexIsReportedAsTruncated() throws {
        let folder = TemporaryFolder()
        let source = folder.file("partial.mp4")
        try SyntheticClip(width: 320, height: 180, duration: 2).write(to: source)
        // The MP4 muxer writes the index (moov) at the end: keep only the first half.
        let data = try Data(contentsOf: URL(fileURLWithPath: source))
        try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: source))
        let error = try failure(source, in: folder)
        #expect(error.kind == .truncated)
        #expect(error.sentence.contains("cut off"))
    }

    @Test func fileWithNoAudioOrVideoStreamSaysSo() throws {
        let folder = TemporaryFolder()
        let source = folder.file("subtitles.mkv")
        try BadInputTests.writeSubtitleOnlyFile(source)
        let error = try failure(source, in: folder)
        #expect(error.kind == .noStreams)
        #expect(error.sentence.contains("no decodable video or audio stream"))
    }

    @Test func unknownVideoCodecIsReportedAsUnsupported() throws {
        let folder = TemporaryFolder()
        let source = folder.file("odd.mkv")
        try SyntheticClip(container: "matroska", width: 320, height: 180, duration: 1).write(to: source)
        // Rename the Matroska codec ID (same length, so the EBML sizes hold): libav knows no such codec.
        var data = try Data(contentsOf: URL(fileURLWithPath: source))
        let range = try #require(data.range(of: Data("V_MPEG4/ISO/AVC".utf8)))
        data.replaceSubrange(range, with: Data("V_KLAI/UNKNOWN1".utf8))
        try data.write(to: URL(fileURLWithPath: source))
        let error = try failure(source, in: folder)
        #expect(error.kind == .unsupportedCodec)
        #expect(error.sentence.contains("cannot decode"))
    }

    @Test func transportStreamWithADamagedMiddleIsTranscodedAndTheDamageCounted() throws {
        let folder = TemporaryFolder()
        let source = folder.file("recording.ts")
        try SyntheticClip(
            container: "mpegts", videoCodec: .mpeg2video, audioCodec: .mp2, width: 320, height: 180,
            duration: 8
        ).write(to: source)
        try BadInputTests.damage(source, from: 0.45, to: 0.50)
        let result = try Transcoder(input: source, destination: folder.file("hls/asset")).run()
        #expect(result.corruptPackets > 0 || result.lostSeconds > 0)
        #expect(result.lostSeconds < 1)
        try HLSExpectations.check(result.folder, sourceDuration: 8, video: true, audio: true)
    }

    @Test func mostlyDamagedTransportStreamFailsPastTheThreshold() throws {
        let folder = TemporaryFolder()
        let source = folder.file("ruined.ts")
        try SyntheticClip(
            container: "mpegts", videoCodec: .mpeg2video, audioCodec: .mp2, width: 320, height: 180,
            duration: 8
        ).write(to: source)
        try BadInputTests.damage(source, from: 0.05, to: 0.95)
        let error = try failure(source, in: folder)
        #expect(error.kind == .tooManyCorruptPackets)
        #expect(error.sentence.contains("too damaged"))
    }

    @Test func cutPointsOutsideTheFileAreRefusedWithASentence() throws {
        let folder = TemporaryFolder()
        let source = folder.file("short.mp4")
        try SyntheticClip(width: 320, height: 180, duration: 2).write(to: source)
        for (start, end) in [(5.0, 8.0), (1.5, 1.0)] {
            var options = TranscodeOptions()
            options.start = start
            options.end = end
            #expect {
                try Transcoder(input: source, destination: folder.file("hls/cut"), options: options).run()
            } throws: { error in
                (error as? MediaError)?.kind == .invalidCut
            }
        }
        #expect(HLSExpectations.leftovers(in: folder.file("hls")).isEmpty)
    }

    @Test func missingFileIsReportedByName() throws {
        let folder = TemporaryFolder()
        let error = try failure(folder.file("ไม่มีไฟล์.mp4"), in: folder)
        #expect(error.kind == .fileNotFound)
        #expect(error.sentence.contains("ไม่มีไฟล์.mp4"))
    }

    /// Overwrites the payload of the 188-byte TS packets between two fractions of the file with noise,
    /// keeping the sync bytes and headers, like a weak satellite signal.
    static func damage(_ path: String, from: Double, to: Double) throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        let packets = data.count / 188
        var seed: UInt32 = 12345
        for packet in Int(Double(packets) * from)..<Int(Double(packets) * to) {
            for i in (packet * 188 + 4)..<(packet * 188 + 188) {
                seed = seed &* 1_103_515_245 &+ 12345
                data[i] = UInt8(truncatingIfNeeded: seed >> 16)
            }
        }
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// A Matroska file whose only stream is SubRip subtitles.
    static func writeSubtitleOnlyFile(_ path: String) throws {
        let output = try OutputFile(format: "matroska", path: path)
        let stream = try #require(avformatNewSubtitleStream(output))
        _ = stream
        try output.writeHeader()
        try writeSubtitlePacket(output, text: "สวัสดีครับ")
        try output.finish()
    }
}
