import Foundation
import KlaiStore
import Testing

@testable import KlaiCatalog

/// Untrusted media is probed and transcoded in `klai worker` children; a crashing file is counted and
/// quarantined after three attempts, and never takes the calling process with it.
@Suite(.serialized) struct MediaWorkerTests {
    static let klai = CrashRecoveryTests.klai

    /// The test ladder, run in a worker; `crashing` makes every worker abort (KLAI_WORKER_TEST_CRASH).
    static func pipeline(crashing: Bool = false) -> WorkerPipeline {
        var pipeline = WorkerPipeline(executable: klai, options: TemporaryLibrary.testPipeline.options)
        if crashing { pipeline.environment["KLAI_WORKER_TEST_CRASH"] = "1" }
        return pipeline
    }

    static func runner(_ library: TemporaryLibrary, pipeline: WorkerPipeline) -> TranscodeRunner {
        var configuration = TranscodeRunner.Configuration()
        configuration.backoff = TranscodeQueue.Backoff(initial: 0, maximum: 0)
        configuration.pollInterval = 0.1
        configuration.progressInterval = 0.05
        return TranscodeRunner(store: library.store, media: library.media, pipeline: pipeline, configuration: configuration)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: klai.path)))
    func aWorkerProbesAndTranscodesAFileIntoPlayableHLSOutsideTheServer() throws {
        let library = try TemporaryLibrary()
        let clip = try library.clip("lesson.mp4", seconds: 3)
        let probed = try Self.pipeline().probe(clip.path)
        #expect(abs((probed.duration ?? 0) - 3) < 0.2)
        #expect(probed.hasVideo)
        let (asset, job) = try library.queue(clip)
        Self.runner(library, pipeline: Self.pipeline()).runUntilIdle()
        let done = try library.job(job)
        #expect(done.state == .done, "\(done.lastError ?? "")")
        try IngestTests.expectPlayableHLS(library.media.hlsFolder(asset: asset, version: job))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: klai.path)))
    func aFileThatCrashesTheWorkerIsCountedAndQuarantinedAfterThreeAttempts() throws {
        let library = try TemporaryLibrary()
        let (asset, job) = try library.queue(try library.clip("poison.mp4", seconds: 1))
        let sibling = try library.store.writeSync { db -> Int64 in
            // A second recording cut from the same file: it must not be tried again either.
            let source = try MediaAsset.find(asset, in: db)?.sourceFileID
            let other = try MediaAsset.create(sourceFileID: try #require(source), cutStart: 0, cutEnd: 0.5, in: db)
            return try TranscodeQueue.enqueue(assetID: other, in: db)
        }
        let runner = Self.runner(library, pipeline: Self.pipeline(crashing: true))
        let attempts = runner.runUntilIdle()
        #expect(attempts == 3, "three attempts, then no more")
        let failed = try library.job(job)
        #expect(failed.state == .failed)
        #expect(failed.attempts == 3)
        #expect(failed.lastError?.contains("SIGABRT") == true)
        #expect(failed.lastError?.contains("Media/quarantine/") == true, "\(failed.lastError ?? "")")
        #expect(try library.job(sibling).state == .failed)
        let quarantined = try FileManager.default.contentsOfDirectory(atPath: library.media.quarantine.path)
        #expect(quarantined.count == 1 && quarantined[0].hasSuffix("poison.mp4"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: library.media.sources.path).isEmpty)
        let path = try library.store.readSync { db in try SourceFile.find(1, in: db)?.path }
        #expect(path == "quarantine/" + quarantined[0], "the catalog knows where the file went")
    }

    @Test func anAttemptRunningWhenTheProcessDiedIsCountedAndTheThirdQuarantinesTheFile() throws {
        let library = try TemporaryLibrary()
        let (_, job) = try library.queue(try library.clip("killer.mp4", seconds: 1))
        let runner = library.runner()
        for death in 1...3 {
            // The process claims the job (counting the attempt first) and dies while transcoding.
            _ = try library.store.writeSync { db in try TranscodeQueue.claim(tempFolder: { _, _ in "hls/.x.partial-*" }, in: db) }
            let recovery = try runner.recover()
            let seen = try library.job(job)
            #expect(seen.attempts == death)
            if death < 3 {
                #expect(seen.state == .queued)
            } else {
                #expect(recovery.quarantinedJobs == 1)
                #expect(seen.state == .failed)
                #expect(seen.lastError?.contains("stopped while transcoding this file 3 times") == true)
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: library.media.quarantine.path).count == 1)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: klai.path)))
    func aProbeThatCrashesTheWorkerLeavesTheFileUnmatchedWithTheReason() throws {
        let library = try TemporaryLibrary.withReferenceData()
        let clip = try library.clip("DLTV4_2026-06-15_0830.mp4", seconds: 1)
        let ingestor = Ingestor(store: library.store, media: library.media, pipeline: Self.pipeline(crashing: true))
        let result = try ingestor.ingest(clip)
        guard case .unmatched(_, let reason) = result.outcome else {
            Issue.record("expected unmatched: \(result)")
            return
        }
        #expect(reason.contains("media worker was killed by signal"), "\(reason)")
    }
}
