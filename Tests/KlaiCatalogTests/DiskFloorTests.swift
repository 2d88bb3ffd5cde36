import Foundation
import KlaiStore
import Testing

@testable import KlaiCatalog

/// A 64 MB tmpfs filled on purpose: below the floor new work is refused with a sentence, nothing is lost.
@Suite(.serialized) struct DiskFloorTests {
    /// A mounted 64 MB tmpfs, unmounted on deinit; nil when this machine does not let us mount (not root).
    final class SmallDisk {
        let folder: URL
        init?() {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("klai-small-disk-\(UUID().uuidString)")
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            guard Self.shell("/bin/mount", ["-t", "tmpfs", "-o", "size=64m", "tmpfs", folder.path]) else {
                try? FileManager.default.removeItem(at: folder)
                return nil
            }
        }
        deinit {
            _ = Self.shell("/bin/umount", [folder.path])
            try? FileManager.default.removeItem(at: folder)
        }
        /// Writes `megabytes` of zeros to fill the disk.
        func fill(_ name: String, megabytes: Int) throws {
            try Data(count: megabytes * 1_000_000).write(to: folder.appendingPathComponent(name))
        }
        static func shell(_ tool: String, _ arguments: [String]) -> Bool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            process.arguments = arguments
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return false }
            process.waitUntilExit()
            return process.terminationStatus == 0
        }
    }

    static let canMount: Bool = SmallDisk() != nil

    @Test(.enabled(if: canMount, "mounting a tmpfs needs root; the floor is not tested on a full disk here"))
    func belowTheFloorIngestIsRefusedAndTheInboxFileStaysWhereItIs() throws {
        let disk = try #require(SmallDisk())
        let library = try TemporaryLibrary.withReferenceData()
        let media = MediaLibrary(root: disk.folder.appendingPathComponent("Media"))
        try media.createFolders()
        let floor = DiskFloor(folder: disk.folder, minimumBytes: 16_000_000, minimumFraction: 1)
        var ingestor = Ingestor(store: library.store, media: media, pipeline: TemporaryLibrary.testPipeline)
        ingestor.diskFloor = floor
        let clip = try library.clip("DLTV4_2026-06-15_0830.mp4", seconds: 1)
        let arrived = media.inbox.appendingPathComponent(clip.lastPathComponent)
        try FileManager.default.copyItem(at: clip, to: arrived)

        try disk.fill("filler", megabytes: 52)
        let status = try floor.status()
        #expect(status.isBelowFloor)
        #expect(status.totalBytes <= 64 << 20 && status.floorBytes == 16_000_000)
        let watcher = InboxWatcher(ingestor: ingestor, settleTime: 0, report: { _ in })
        watcher.scan()
        let lines = watcher.scan()
        #expect(lines.first?.contains("below Klai's floor") == true, "\(lines)")
        #expect(FileManager.default.fileExists(atPath: arrived.path), "the file waits in the inbox")
        #expect(try library.count("SELECT count(*) FROM source_file") == 0)

        try FileManager.default.removeItem(at: disk.folder.appendingPathComponent("filler"))
        #expect(try floor.status().refusal == nil)
        watcher.scan()  // the file settles again
        watcher.scan()
        #expect(!FileManager.default.fileExists(atPath: arrived.path), "taken once there is room")
        #expect(try library.count("SELECT count(*) FROM source_file") == 1)
    }

    @Test(.enabled(if: canMount, "mounting a tmpfs needs root; the floor is not tested on a full disk here"))
    func belowTheFloorATranscodeWaitsWithTheReasonAndRunsOnceThereIsRoom() throws {
        let disk = try #require(SmallDisk())
        let library = try TemporaryLibrary()
        let (_, job) = try library.queue(try library.clip("lesson.mp4", seconds: 1))
        var configuration = TranscodeRunner.Configuration()
        configuration.diskFloor = DiskFloor(folder: disk.folder, minimumBytes: 16_000_000, minimumFraction: 1)
        let runner = TranscodeRunner(
            store: library.store, media: library.media, pipeline: TemporaryLibrary.testPipeline,
            configuration: configuration)
        try disk.fill("filler", megabytes: 52)
        #expect(runner.runUntilIdle() == 0)
        let waiting = try library.job(job)
        #expect(waiting.state == .queued)
        #expect(waiting.lastError?.hasPrefix("waiting: the disk holding") == true, "\(waiting.lastError ?? "")")

        try FileManager.default.removeItem(at: disk.folder.appendingPathComponent("filler"))
        #expect(runner.runUntilIdle() == 1)
        #expect(try library.job(job).state == .done)
    }

    @Test func theFloorIsTheSmallerOfItsSizeAndItsShareSoASmallDiskIsNotRefusedForEver() throws {
        let folder = FileManager.default.temporaryDirectory
        let status = try DiskFloor(folder: folder, minimumBytes: .max, minimumFraction: 0.05).status()
        #expect(status.floorBytes == Int64(Double(status.totalBytes) * 0.05))
        let asking = try DiskFloor(folder: folder, minimumBytes: 0).status(adding: .max)
        #expect(asking.isBelowFloor, "a write larger than the free space is refused")
        #expect(throws: CatalogError.self) { try DiskFloor(folder: folder, minimumBytes: 0).check(adding: .max) }
    }
}
