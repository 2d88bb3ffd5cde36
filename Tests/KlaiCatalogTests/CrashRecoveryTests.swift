import Foundation
import KlaiStore
import Testing

@testable import KlaiCatalog

/// `kill -9` of a `klai jobs run` in the middle of a transcode, then a restart.
@Suite(.serialized) struct CrashRecoveryTests {
    /// The `klai` executable built beside the tests.
    static let klai = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug/klai")

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: klai.path)))
    func aKilledTranscodeResumesAfterRestartAndEndsWithOneCompleteTree() throws {
        let library = try TemporaryLibrary()
        let (asset, job) = try library.queue(try library.clip("long.ts", seconds: 60, width: 640, height: 360, fps: 25, reencoded: true))

        let child = Process()
        child.executableURL = Self.klai
        child.arguments = ["jobs", "run", "--data", library.folder.path]
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        let deadline = Date().addingTimeInterval(120)
        var seen = try library.job(job)
        while (seen.state != .running || seen.progress <= 0) && child.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            seen = try library.job(job)
        }
        #expect(child.isRunning, "the transcode ended before it could be killed; make the clip longer")
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(try library.job(job).state == .running, "the killed process left the job running")
        #expect(try library.hlsEntries().contains { $0.hasPrefix(".") }, "a temporary folder was being written")

        // Restart: recovery requeues the job and removes the half-written folder; the job then completes.
        let runner = library.runner()
        let recovery = try runner.recover()
        #expect(recovery.requeuedJobs == 1)
        #expect(!recovery.removedFolders.isEmpty)
        runner.runUntilIdle()
        let done = try library.job(job)
        #expect(done.state == .done, "\(done.lastError ?? "")")
        #expect(try library.hlsEntries() == ["\(asset)-v\(job)"])
        try IngestTests.expectPlayableHLS(library.media.hlsFolder(asset: asset, version: job))
        let duration = try library.store.readSync { db in try MediaAsset.find(asset, in: db)?.durationSeconds }
        #expect(abs((duration ?? 0) - 60) < 0.5)
    }
}
