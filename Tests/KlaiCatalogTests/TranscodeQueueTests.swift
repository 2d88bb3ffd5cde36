import Foundation
import KlaiStore
import Testing

@testable import KlaiCatalog

@Suite(.serialized) struct TranscodeQueueTests {
    @Test func aQueuedJobBecomesAReadyHLSAssetWithNoTemporaryFolderLeft() throws {
        let library = try TemporaryLibrary()
        let (asset, job) = try library.queue(try library.clip("lesson.mp4", seconds: 4))
        #expect(library.runner().runUntilIdle() == 1)
        let done = try library.job(job)
        #expect(done.state == .done, "\(done.lastError ?? "")")
        #expect(done.progress == 100)
        #expect(done.attempts == 1)
        let stored = try library.store.readSync { db in try MediaAsset.find(asset, in: db)! }
        #expect(stored.status == .ready)
        #expect(abs((stored.durationSeconds ?? 0) - 4) < 0.5)
        #expect(stored.hlsPath == "hls/\(asset)-v\(job)")
        #expect(
            FileManager.default.fileExists(
                atPath: library.media.hlsFolder(asset: asset, version: job)
                    .appendingPathComponent("master.m3u8").path))
        #expect(try library.hlsEntries() == ["\(asset)-v\(job)"])
    }

    /// Segments are served as immutable: a second transcode must never change bytes behind a published URL.
    @Test func aReTranscodedAssetIsPublishedUnderANewFolderAndTheOldBytesStayPut() throws {
        let library = try TemporaryLibrary()
        let (asset, first) = try library.queue(try library.clip("lesson.mp4", seconds: 2))
        #expect(library.runner().runUntilIdle() == 1)
        let old = library.media.hlsFolder(asset: asset, version: first)
        let oldMaster = try Data(contentsOf: old.appendingPathComponent("master.m3u8"))
        let second = try library.store.writeSync { db in try TranscodeQueue.enqueue(assetID: asset, in: db) }
        #expect(library.runner().runUntilIdle() == 1)
        let stored = try library.store.readSync { db in try MediaAsset.find(asset, in: db)! }
        #expect(stored.status == .ready && stored.hlsPath == "hls/\(asset)-v\(second)" && second != first)
        #expect(library.media.hlsFolder(of: stored) == library.media.hlsFolder(asset: asset, version: second))
        #expect(try library.hlsEntries() == ["\(asset)-v\(first)", "\(asset)-v\(second)"].sorted())
        #expect(try Data(contentsOf: old.appendingPathComponent("master.m3u8")) == oldMaster)
    }

    @Test func aFileThatIsNotMediaFailsWithASentenceAndTheQueueMovesOn() throws {
        let library = try TemporaryLibrary()
        let (_, bad) = try library.queue(try library.file("notes.mp4", "this is a text file, not a video"))
        let (_, good) = try library.queue(try library.clip("good.mp4", seconds: 2))
        library.runner().runUntilIdle()
        let failed = try library.job(bad)
        #expect(failed.state == .failed)
        #expect(failed.lastError?.isEmpty == false)
        #expect(failed.lastError?.contains("Error") != true)
        #expect(try library.job(good).state == .done)
        #expect(try library.hlsEntries().allSatisfy { !$0.hasPrefix(".") })
    }

    @Test func retryableFailuresBackOffThenStayFailedWithTheReason() throws {
        let library = try TemporaryLibrary()
        let (_, job) = try library.queue(try library.file("x.mp4", "x"))
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let backoff = TranscodeQueue.Backoff(initial: 60, maximum: 600)
        try library.store.writeSync { (db: Database) throws in
            var now = start
            for attempt in 1...3 {
                let claimed = try TranscodeQueue.claim(now: now, tempFolder: { _, _ in "t" }, in: db)
                #expect(claimed?.id == job)
                let state = try TranscodeQueue.fail(job, reason: "the disk is full", backoff: backoff, in: db, now: now)
                #expect(state == (attempt < 3 ? .queued : .failed))
                if attempt < 3 {
                    // Not claimable before the backoff has passed.
                    #expect(try TranscodeQueue.claim(now: now.addingTimeInterval(1), tempFolder: { _, _ in "t" }, in: db) == nil)
                    now = now.addingTimeInterval(backoff.delay(afterAttempts: attempt) + 1)
                }
            }
        }
        let failed = try library.job(job)
        #expect(failed.state == .failed)
        #expect(failed.attempts == 3)
        #expect(failed.lastError == "the disk is full")
        #expect(backoff.delay(afterAttempts: 1) == 60 && backoff.delay(afterAttempts: 2) == 120)
        try library.store.writeSync { (db: Database) throws in #expect(try TranscodeQueue.retry(job, in: db)) }
        #expect(try library.job(job).state == .queued)
    }

    @Test func cancellingARunningJobStopsItAndLeavesNoFolder() throws {
        let library = try TemporaryLibrary()
        let (asset, job) = try library.queue(try library.clip("long.ts", seconds: 40, width: 640, height: 360, fps: 25, reencoded: true))
        let runner = library.runner()
        runner.start()
        defer { runner.stop() }
        let deadline = Date().addingTimeInterval(60)
        while try library.job(job).state != .running && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        try library.store.writeSync { (db: Database) throws in #expect(try TranscodeQueue.cancel(job, in: db)) }
        while try library.job(job).state == .running && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let cancelled = try library.job(job)
        #expect(cancelled.state == .cancelled)
        #expect(try library.store.readSync { db in try MediaAsset.find(asset, in: db)!.status } == .failed)
        #expect(try library.hlsEntries().isEmpty)
    }

    @Test func shuttingTheRunnerDownMidTranscodeQueuesTheJobAgainWithoutUsingUpAnAttempt() async throws {
        let library = try TemporaryLibrary()
        let (asset, job) = try library.queue(try library.clip("long.ts", seconds: 40, width: 640, height: 360, fps: 25, reencoded: true))
        let runner = library.runner()
        runner.start()
        let deadline = Date().addingTimeInterval(60)
        while try library.job(job).progress <= 0 && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        try #require(try library.job(job).state == .running)
        let began = ContinuousClock.now
        await runner.shutdown()
        #expect(ContinuousClock.now - began < .seconds(10), "the transcode was interrupted, not waited for")
        let stopped = try library.job(job)
        #expect(stopped.state == .queued)
        #expect(stopped.attempts == 0, "a clean stop is not one of the file's three tries")
        #expect(try library.store.readSync { db in try MediaAsset.find(asset, in: db)!.status } == .waiting)
        #expect(try library.hlsEntries().isEmpty, "no half-written tree and no temporary folder")
        runner.runUntilIdle()
        #expect(try library.job(job).state == .done, "the next start transcodes it")
    }

    @Test func recoveryRequeuesInterruptedJobsAndRemovesTheirTemporaryFolders() throws {
        let library = try TemporaryLibrary()
        let (asset, job) = try library.queue(try library.clip("lesson.mp4", seconds: 2))
        // What a killed process leaves: the job running, a half-written folder beside the destination.
        _ = try library.store.writeSync { db in
            try TranscodeQueue.claim(tempFolder: { j, a in "hls/.\(a)-v\(j).partial-*" }, in: db)
        }
        let leftover = library.media.hls.appendingPathComponent(".\(asset)-v\(job).partial-dead1234")
        try FileManager.default.createDirectory(at: leftover, withIntermediateDirectories: true)
        try Data("half".utf8).write(to: leftover.appendingPathComponent("seg-1.m4s"))

        let runner = library.runner()
        let recovery = try runner.recover()
        #expect(recovery.requeuedJobs == 1)
        #expect(recovery.removedFolders.count == 1)
        let requeued = try library.job(job)
        #expect(requeued.state == .queued)
        #expect(requeued.attempts == 1, "the interrupted attempt stays counted")
        runner.runUntilIdle()
        #expect(try library.job(job).state == .done)
        #expect(try library.hlsEntries() == ["\(asset)-v\(job)"])
    }
}
