import Foundation
import KlaiCrypto
import KlaiMedia
import KlaiStore

@testable import KlaiCatalog

extension TemporaryLibrary {
    /// Encodes a tiny synthetic clip in-process (KlaiMedia) and returns its path.
    /// A synthetic clip; `reencoded: true` makes one that cannot take the copy path (MPEG-2 video), so its
    /// transcode does real work for as long as tests need to catch it running.
    func clip(
        _ name: String, seconds: Double, width: Int = 160, height: Int = 90, fps: Int32 = 10,
        container: String = "mp4", reencoded: Bool = false
    ) throws -> URL {
        let url = folder.appendingPathComponent(name)
        var clip = SyntheticClip(container: container, width: width, height: height, frameRate: (fps, 1), duration: seconds)
        if reencoded {
            clip.videoCodec = .mpeg2video
            clip.container = "mpegts"
        }
        clip.videoBitRate = 60_000
        try clip.write(to: url.path)
        return url
    }

    /// Registers a file as a source with one asset and a queued job. - Returns: (asset id, job id).
    func queue(_ file: URL, cutStart: Double? = nil, cutEnd: Double? = nil) throws -> (asset: Int64, job: Int64) {
        let hash = try SHA256.hashFile(file)
        let kept = try media.keepOriginal(file, hash: hash, link: false).path
        return try store.writeSync { db in
            let source =
                try SourceFile.find(hash: hash, in: db)?.id
                ?? SourceFile.insert(path: kept, originalName: file.lastPathComponent, hash: hash, size: 0, duration: nil, in: db)
            let asset = try MediaAsset.create(sourceFileID: source, cutStart: cutStart, cutEnd: cutEnd, in: db)
            return (asset, try TranscodeQueue.enqueue(assetID: asset, in: db))
        }
    }

    func job(_ id: Int64) throws -> TranscodeJob {
        try store.readSync { db in try TranscodeQueue.job(id, in: db)! }
    }

    /// Names in Media/hls (temporary folders start with a dot).
    func hlsEntries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: media.hls.path).sorted()
    }

    /// A small, fast ladder for tests (2 cores shared).
    static let testPipeline: KlaiMediaPipeline = {
        var options = TranscodeOptions()
        options.ladder = Ladder(rungs: [Ladder.Rung(height: 90, bitRate: 80_000)])
        options.preset = "ultrafast"
        options.poster = false
        return KlaiMediaPipeline(options: options)
    }()

    func runner(concurrency: Int = 1) -> TranscodeRunner {
        var configuration = TranscodeRunner.Configuration(concurrency: concurrency)
        configuration.progressInterval = 0.05
        configuration.pollInterval = 0.1
        return TranscodeRunner(store: store, media: media, pipeline: Self.testPipeline, configuration: configuration)
    }
}
